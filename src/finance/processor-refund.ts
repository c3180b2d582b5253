import type Stripe from 'stripe';
import type { OrderRow } from '../orders';
import type { RefundRow } from '../payments';
import { unavailable } from '../shared/errors';

export type ProcessorRefund =
  /** Accepted. `refundedTotal`: the charge's running total of refunds, this one included. */
  | { kind: 'accepted'; processorRefundId: string; refundedTotal: number | undefined }
  /** The processor said no (already refunded on its side, disputed, ...): retrying will not help. */
  | { kind: 'refused'; code: string };

/**
 * Asks the processor to refund, outside any transaction. The idempotency key is derived from our
 * refund's id, so a retry after a lost answer (ours or the SDK's own) gets the same processor
 * refund back instead of a second one. A processor that does not answer is a 503: the refund stays
 * pending and the same request, retried, completes it.
 */
export async function refundThroughProcessor(stripe: Stripe, order: OrderRow, refund: RefundRow): Promise<ProcessorRefund> {
  let answer: Stripe.Refund;
  try {
    answer = await stripe.refunds.create(
      {
        payment_intent: order.processor_payment_intent!,
        amount: refund.amount,
        metadata: { order_id: order.id, order_number: order.number, refund_id: refund.id, ...(refund.reason ? { reason: refund.reason } : {}) },
        // The charge comes back with its running refund total: applied as an absolute, it cannot
        // count twice with the charge.refunded webhook, whichever is first.
        expand: ['charge'],
      },
      { idempotencyKey: `handoff-refund-${refund.id}` },
    );
  } catch (err) {
    if (isRefusal(err)) return { kind: 'refused', code: (err as Stripe.errors.StripeError).code ?? 'refused' };
    throw unavailable('processor_unavailable', 'The payment processor did not answer. The refund is pending: retry with the same Idempotency-Key to complete it.', 5);
  }
  if (answer.status === 'failed' || answer.status === 'canceled') return { kind: 'refused', code: answer.failure_reason ?? answer.status };
  const charge = typeof answer.charge === 'object' && answer.charge !== null ? answer.charge : undefined;
  return { kind: 'accepted', processorRefundId: answer.id, refundedTotal: charge?.amount_refunded };
}

/** Answers about the refund itself. Others pass with time or a fix on our side (401/403: our key;
 * 409: the key is in use; 429: rate limit): the refund stays pending for a retry. */
const REFUSALS = new Set([400, 402, 404]);
const isRefusal = (err: unknown): boolean => REFUSALS.has((err as { statusCode?: number }).statusCode ?? 0);
