/** A chargeback opened by the cardholder's bank (a control, since no API call opens one). */
import type Stripe from 'stripe';
import { type Context, emit, NO_REQUEST } from '../context';
import { invalidRequest, resourceMissing } from '../errors';
import { buildDispute } from '../objects/dispute';
import { chargeFor } from './refund';

export interface DisputeRequest {
  charge?: string;
  paymentIntent?: string;
  amount?: number;
  reason?: string;
}

export function openDispute(ctx: Context, input: DisputeRequest): Stripe.Dispute {
  const charge = chargeFor(ctx, input.charge, input.paymentIntent, 'to dispute');
  if (charge.status !== 'succeeded') throw invalidRequest(`Charge ${charge.id} did not succeed; there is nothing to dispute.`, 'charge');
  if (charge.disputed) throw invalidRequest(`Charge ${charge.id} is already disputed.`, 'charge');
  const amount = input.amount ?? charge.amount - charge.amount_refunded;
  if (amount <= 0 || amount > charge.amount) throw invalidRequest(`A dispute amount must be between 1 and ${charge.amount}.`, 'amount');
  const dispute = buildDispute({ created: ctx.clock.now(), charge, amount, reason: input.reason ?? 'fraudulent' });
  ctx.store.disputes.set(dispute.id, dispute);
  charge.disputed = true;
  emit(ctx, 'charge.dispute.created', dispute, NO_REQUEST);
  return dispute;
}

/** Statuses a dispute can still be decided from (Stripe's open states). */
const OPEN = new Set(['needs_response', 'under_review', 'warning_needs_response', 'warning_under_review']);

/** The bank decides a chargeback (a control: in Stripe this happens outside the API). `lost`
 * keeps the money with the cardholder; `won` gives it back to the merchant. Closes once. */
export function closeDispute(ctx: Context, id: string, outcome: 'won' | 'lost'): Stripe.Dispute {
  const dispute = ctx.store.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id, 'dispute');
  if (!OPEN.has(dispute.status)) throw invalidRequest(`Dispute ${id} is already closed (${dispute.status}).`, 'dispute');
  const previous = { status: dispute.status };
  dispute.status = outcome;
  emit(ctx, 'charge.dispute.closed', dispute, NO_REQUEST, previous);
  return dispute;
}
