import { enqueue } from '../jobs';
import type { Tx } from '../database';

export const DELIVER_JOB = 'fulfilment.deliver';
export const REVOKE_JOB = 'fulfilment.revoke';

/**
 * Called in the transaction that marks the order paid, whichever path does (webhook, return page,
 * sweep, staff payment): the delivery job exists if and only if the payment commits, and once per
 * order however many copies of the news arrive (the dedupe key).
 */
export async function queueDelivery(tx: Tx, orderId: string): Promise<void> {
  await enqueue(tx, DELIVER_JOB, { orderId }, { dedupeKey: `${DELIVER_JOB}:${orderId}`, maxAttempts: 30 });
}

/**
 * Called in the transaction that raises the order's refunded total (or loses its dispute). Keyed
 * by the new total: each refund is applied once, and the job works out from the order as it is
 * then which units the money covers, so two refunds run in any order end the same.
 */
export async function queueRevocation(tx: Tx, orderId: string, reason: string): Promise<void> {
  await enqueue(tx, REVOKE_JOB, { orderId, reason }, { dedupeKey: `${REVOKE_JOB}:${orderId}:${reason}`, maxAttempts: 30 });
}
