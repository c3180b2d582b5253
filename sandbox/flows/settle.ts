/** The later half of a "pay by bank later" payment: the bank debit clears or fails, and Checkout
 * tells the merchant with `checkout.session.async_payment_succeeded` / `_failed`. */
import type Stripe from 'stripe';
import { type Context, emit, NO_REQUEST } from '../context';
import { unexpectedState } from '../errors';
import { newId } from '../ids';
import type { SessionRecord } from '../store';
import { succeedPayment } from './pay';

export type SettleOutcome = 'succeed' | 'fail';

function processingPayment(ctx: Context, record: SessionRecord): { pi: Stripe.PaymentIntent; charge: Stripe.Charge } {
  const session = record.session;
  const pi = typeof session.payment_intent === 'string' ? ctx.store.paymentIntents.get(session.payment_intent) : undefined;
  const charge = typeof pi?.latest_charge === 'string' ? ctx.store.charges.get(pi.latest_charge) : undefined;
  if (!pi || !charge || pi.status !== 'processing') {
    throw unexpectedState(`Checkout Session ${session.id} has no payment waiting to settle (pay it with "bank_later" first).`);
  }
  return { pi, charge };
}

export function settle(ctx: Context, record: SessionRecord, outcome: SettleOutcome): void {
  const { pi, charge } = processingPayment(ctx, record);
  clearTimeout(record.settleTimer);
  record.settleTimer = undefined;
  const session = record.session;
  if (outcome === 'succeed') {
    Object.assign(charge, { status: 'succeeded', paid: true, captured: true, amount_captured: charge.amount, balance_transaction: newId('txn', 24) });
    succeedPayment(ctx, pi, charge);
    session.payment_status = 'paid';
    emit(ctx, 'checkout.session.async_payment_succeeded', session, NO_REQUEST);
    return;
  }
  Object.assign(charge, {
    status: 'failed',
    failure_code: 'insufficient_funds',
    failure_message: 'The account has insufficient funds to cover this payment.',
    outcome: {
      ...charge.outcome,
      network_status: 'declined_by_network',
      reason: 'insufficient_funds',
      type: 'issuer_declined',
      seller_message: 'The bank returned the payment: insufficient funds.',
    },
  });
  pi.status = 'requires_payment_method';
  pi.payment_method = null;
  pi.last_payment_error = {
    type: 'invalid_request_error',
    code: 'insufficient_funds',
    message: 'The account has insufficient funds to cover this payment.',
    charge: charge.id,
  };
  emit(ctx, 'charge.failed', charge, NO_REQUEST);
  emit(ctx, 'payment_intent.payment_failed', pi, NO_REQUEST);
  emit(ctx, 'checkout.session.async_payment_failed', session, NO_REQUEST);
}
