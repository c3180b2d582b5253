/** What happens when the shopper pays on the hosted page (or a control pays for them): the
 * PaymentIntent is created at that moment (Checkout creates none before), a Charge records the
 * attempt, and the session, PaymentIntent and Charge move as Stripe moves them, with their events. */
import type Stripe from 'stripe';
import { type Context, emit, type RequestInfo, NO_REQUEST } from '../context';
import { unexpectedState } from '../errors';
import { buildCharge } from '../objects/charge';
import { buildPaymentIntent, declineError } from '../objects/payment-intent';
import { type Instrument, newPaymentMethodId, paymentMethodType } from '../objects/payment-method';
import { customerDetails } from '../objects/session';
import type { SessionRecord } from '../store';

export type PayChoice = 'succeed' | 'decline' | 'bank_later';

const INSTRUMENT: Record<PayChoice, Instrument> = { succeed: 'card_ok', decline: 'card_declined', bank_later: 'bank_later' };

function ensurePaymentIntent(ctx: Context, record: SessionRecord): Stripe.PaymentIntent {
  const session = record.session;
  const existing = typeof session.payment_intent === 'string' ? ctx.store.paymentIntents.get(session.payment_intent) : undefined;
  if (existing) return existing;
  const data = record.paymentIntentData;
  const pi = buildPaymentIntent({
    created: ctx.clock.now(),
    amount: session.amount_total ?? 0,
    currency: session.currency ?? 'usd',
    metadata: data.metadata,
    description: data.description,
    receiptEmail: data.receipt_email,
    statementDescriptor: data.statement_descriptor,
    statementDescriptorSuffix: data.statement_descriptor_suffix,
    paymentMethodTypes: session.payment_method_types,
  });
  ctx.store.paymentIntents.set(pi.id, pi);
  session.payment_intent = pi.id;
  emit(ctx, 'payment_intent.created', pi, NO_REQUEST);
  return pi;
}

/** The session is over for the shopper: completed, with or without the money yet. */
function complete(ctx: Context, record: SessionRecord, paymentStatus: Stripe.Checkout.Session.PaymentStatus): void {
  const session = record.session;
  session.status = 'complete';
  session.payment_status = paymentStatus;
  session.url = null;
  session.customer_details = customerDetails(session.customer_email);
  session.collected_information = { business_name: null, individual_name: null, shipping_details: null };
  emit(ctx, 'checkout.session.completed', session, NO_REQUEST);
}

function attempt(ctx: Context, pi: Stripe.PaymentIntent, instrument: Instrument, email: string | null): Stripe.Charge {
  const paymentMethodId = newPaymentMethodId();
  const charge = buildCharge({ created: ctx.clock.now(), paymentIntent: pi, paymentMethodId, instrument, billingEmail: email });
  ctx.store.charges.set(charge.id, charge);
  pi.latest_charge = charge.id;
  pi.payment_method = paymentMethodId;
  pi.payment_method_types = [...new Set([...pi.payment_method_types, paymentMethodType(instrument)])];
  return charge;
}

export function succeedPayment(ctx: Context, pi: Stripe.PaymentIntent, charge: Stripe.Charge, request: RequestInfo = NO_REQUEST): void {
  pi.status = 'succeeded';
  pi.amount_received = pi.amount;
  pi.last_payment_error = null;
  emit(ctx, 'charge.succeeded', charge, request);
  emit(ctx, 'payment_intent.succeeded', pi, request);
}

function openSession(record: SessionRecord): void {
  const status = record.session.status;
  if (status !== 'open') throw unexpectedState(`This Checkout Session is no longer open (its status is ${status}).`);
}

/** One press of a hosted-page button. A decline leaves the session open for another try. */
export function pay(ctx: Context, record: SessionRecord, choice: PayChoice): void {
  openSession(record);
  const session = record.session;
  if (session.payment_status === 'no_payment_required') return complete(ctx, record, 'no_payment_required');
  const pi = ensurePaymentIntent(ctx, record);
  const charge = attempt(ctx, pi, INSTRUMENT[choice], session.customer_email);
  if (choice === 'decline') {
    pi.status = 'requires_payment_method';
    pi.last_payment_error = declineError(charge.id, charge.payment_method ?? '');
    pi.payment_method = null;
    emit(ctx, 'charge.failed', charge, NO_REQUEST);
    emit(ctx, 'payment_intent.payment_failed', pi, NO_REQUEST);
    return;
  }
  if (choice === 'bank_later') {
    pi.status = 'processing';
    pi.last_payment_error = null;
    emit(ctx, 'charge.pending', charge, NO_REQUEST);
    emit(ctx, 'payment_intent.processing', pi, NO_REQUEST);
    return complete(ctx, record, 'unpaid');
  }
  succeedPayment(ctx, pi, charge);
  complete(ctx, record, 'paid');
}
