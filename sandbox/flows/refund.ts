/** Refunds, full or partial, of a succeeded charge, checked as Stripe checks them. */
import type Stripe from 'stripe';
import { type Context, emit, type RequestInfo } from '../context';
import { invalidRequest, resourceMissing } from '../errors';
import { formatAmount } from '../money';
import { buildRefund } from '../objects/refund';

export interface RefundRequest {
  charge?: string;
  paymentIntent?: string;
  amount?: number;
  reason: Stripe.Refund.Reason | null;
  metadata: Record<string, string>;
}

/** The charge a refund or dispute is about, named directly or through its PaymentIntent. */
export function chargeFor(ctx: Context, chargeId: string | undefined, paymentIntentId: string | undefined, purpose = 'to refund'): Stripe.Charge {
  if (chargeId) {
    const charge = ctx.store.charges.get(chargeId);
    if (!charge) throw resourceMissing('charge', chargeId, 'charge');
    return charge;
  }
  const pi = paymentIntentId ? ctx.store.paymentIntents.get(paymentIntentId) : undefined;
  if (!pi) throw resourceMissing('payment_intent', paymentIntentId ?? '', 'payment_intent');
  const charge = typeof pi.latest_charge === 'string' ? ctx.store.charges.get(pi.latest_charge) : undefined;
  if (!charge || pi.status !== 'succeeded') {
    throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge ${purpose}.`, 'payment_intent', 'charge_not_refundable');
  }
  return charge;
}

function refundableAmount(charge: Stripe.Charge, asked: number | undefined): number {
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} cannot be refunded: its status is ${charge.status}.`, 'charge', 'charge_not_refundable');
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, undefined, 'charge_disputed');
  const remaining = charge.amount - charge.amount_refunded;
  if (remaining === 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, undefined, 'charge_already_refunded');
  const amount = asked ?? remaining;
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatAmount(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatAmount(remaining, charge.currency)})`,
      'amount',
      'amount_too_large',
    );
  }
  return amount;
}

export function createRefund(ctx: Context, input: RefundRequest, request: RequestInfo): Stripe.Refund {
  const charge = chargeFor(ctx, input.charge, input.paymentIntent);
  const amount = refundableAmount(charge, input.amount);
  const refund = buildRefund({ created: ctx.clock.now(), amount, charge, reason: input.reason, metadata: input.metadata });
  ctx.store.refunds.set(refund.id, refund);
  const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
  charge.amount_refunded += amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  emit(ctx, 'refund.created', refund, request);
  emit(ctx, 'charge.refunded', charge, request, previous);
  return refund;
}
