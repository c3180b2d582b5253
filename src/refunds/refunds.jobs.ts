import { enqueue, type JobWorker } from '../jobs';
import type { Logger } from '../shared/logger';
import type { RefundMethods } from './refund-method';
import { findAbandonedRefunds, findAutoRefundFor, insertRefund } from './refunds.repository';
import { completeRefund } from './refunds.service';
import type { Db, Tx } from '../database';

/** Kept from when card payments ran it, so that refunds queued before still run. */
export const AUTO_REFUND_JOB = 'card.auto-refund';
const AUTO_ACTOR = 'system';

export interface AutoRefund {
  orderId: string;
  amount: number;
  currency: string;
  /** How the money goes back: the way it came in. */
  method: string;
  /** The processor payment given back. */
  reference: string;
}

/** Money that arrived for an order that can no longer be fulfilled goes back by itself. Written
 * with the decision (same transaction); the money is moved by the job, after commit. One automatic
 * refund per payment, however many messages report it. */
export async function queueAutoRefund(tx: Tx, r: AutoRefund): Promise<void> {
  if (await findAutoRefundFor(tx, r.reference, AUTO_ACTOR)) return;
  const refund = await insertRefund(tx, { ...r, reason: 'order_not_fulfillable', requestedBy: AUTO_ACTOR, settled: false });
  await enqueue(tx, AUTO_REFUND_JOB, { refundId: refund.id }, { dedupeKey: `${AUTO_REFUND_JOB}:${refund.id}` });
}

const SWEEP_EVERY_MS = 5 * 60_000;
/** Long past any request still trying (its Idempotency-Key lease is 10 s, renewed while it runs). */
const ABANDONED_AFTER_MS = 3 * 60_000;

/**
 * The automatic refund job, and the sweep for staff refunds left pending: a refund whose request
 * got a 503 and was never retried would stay pending for ever (and keep its amount from being
 * refunded again); after the Idempotency-Key is purged a retry could not even find it. Both
 * complete a refund exactly as the request's retry would: same refund, same processor key, so
 * money the processor did send back is not sent twice.
 */
export function registerRefundJobs(worker: JobWorker, deps: { db: Db; methods: RefundMethods; logger: Logger }): void {
  worker.register(AUTO_REFUND_JOB, async (p: { refundId: string }) => {
    await completeRefund(deps, AUTO_ACTOR, p.refundId);
  });
  worker.every('refunds-abandoned', SWEEP_EVERY_MS, async () => {
    for (const refund of await findAbandonedRefunds(deps.db, ABANDONED_AFTER_MS, 50)) {
      await completeRefund(deps, refund.requested_by, refund.id).catch((err: unknown) => {
        deps.logger.warn({ refund: refund.id, err: err instanceof Error ? err.message : String(err) }, 'abandoned refund not completed by the sweep');
      });
    }
  });
}
