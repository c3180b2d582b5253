import type Stripe from 'stripe';
import type { OrderRow } from '../../orders';
import type { RefundGiven, RefundOutcome, RefundRow, RefundTerms } from '../../refunds';
import { unavailable, unprocessable, type FieldError } from '../../shared/errors';

/** Card orders are refunded through the processor: staff give no method or reference. */
export function cardRefundTerms(order: OrderRow, given: RefundGiven): RefundTerms {
  const errors: FieldError[] = [];
  for (const field of ['method', 'reference'] as const) {
    if (given[field] !== undefined) errors.push({ path: field, message: 'Card orders are refunded through the processor: leave this out.' });
  }
  if (errors.length > 0) throw unprocessable('refund_fields_invalid', 'Some fields do not apply to this order.', errors);
  if (!order.processor_payment_intent) throw unprocessable('order_not_refundable', 'This card order has no processor payment to refund.');
  return { method: 'card', reference: null, settled: false };
}

/**
 * Asks the processor to refund, outside any transaction. The idempotency key is derived from our
 * refund's id, so a retry after a lost answer (ours or the SDK's own) gets the same processor
 * refund back instead of a second one. A processor that does not answer is a 503: the refund stays
 * pending and the same request, retried, completes it.
 */
export async function refundThroughProcessor(stripe: Stripe, order: OrderRow, refund: RefundRow): Promise<RefundOutcome> {
  // An automatic refund names the payment it gives back (a late or second one); staff refund the order's.
  const paymentIntent = refund.reference ?? order.processor_payment_intent!;
  let answer: Stripe.Refund;
  try {
    answer = await stripe.refunds.create(
      {
        payment_intent: paymentIntent,
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
  // Only the order's own payment counts in its books. Without the charge (it was asked for) the
  // order waits for the charge.refunded webhook, which carries the same total.
  const counted = paymentIntent === order.processor_payment_intent && charge !== undefined;
  return { kind: 'accepted', processorRefundId: answer.id, refundedTotal: counted ? charge.amount_refunded : null };
}

/** Answers about the refund itself. Others pass with time or a fix on our side (401/403: our key;
 * 409: the key is in use; 429: rate limit): the refund stays pending for a retry. */
const REFUSALS = new Set([400, 402, 404]);
const isRefusal = (err: unknown): boolean => REFUSALS.has((err as { statusCode?: number }).statusCode ?? 0);
