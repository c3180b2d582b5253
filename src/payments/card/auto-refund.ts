import type { Tx } from '../../shared/db';
import { enqueue } from '../../shared/jobs';
import type { OrderRow } from '../../orders';
import type { ProcessorPayment } from './card-action';
import { findAutoRefundFor, insertAutoRefund } from './card.repository';

export const AUTO_REFUND_JOB = 'card.auto-refund';

/** Written with the decision (same transaction); the processor is called by the job, after commit.
 * One automatic refund per PaymentIntent, however many messages report the payment. */
export async function queueAutoRefund(tx: Tx, order: OrderRow, p: ProcessorPayment, amount: number): Promise<void> {
  if (await findAutoRefundFor(tx, p.paymentIntent)) return;
  const refundId = await insertAutoRefund(tx, { orderId: order.id, amount, currency: p.currency, reason: 'order_not_fulfillable', paymentIntent: p.paymentIntent });
  await enqueue(tx, AUTO_REFUND_JOB, { refundId }, { dedupeKey: `${AUTO_REFUND_JOB}:${refundId}` });
}
