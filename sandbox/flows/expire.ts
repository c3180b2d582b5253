/** Sessions end unpaid either on request (`POST .../expire`) or by themselves at `expires_at`; an
 * abandoned PaymentIntent (left after a decline) is canceled with them, as Stripe does. */
import type Stripe from 'stripe';
import { type Context, emit, type RequestInfo, NO_REQUEST } from '../context';
import { unexpectedState } from '../errors';
import type { SessionRecord } from '../store';

const CANCELABLE: Stripe.PaymentIntent.Status[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'requires_capture'];

export function cancelPaymentIntent(ctx: Context, pi: Stripe.PaymentIntent, reason: Stripe.PaymentIntent.CancellationReason, request: RequestInfo): void {
  if (!CANCELABLE.includes(pi.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  pi.status = 'canceled';
  pi.canceled_at = ctx.clock.now();
  pi.cancellation_reason = reason;
  emit(ctx, 'payment_intent.canceled', pi, request);
}

export function expireSession(ctx: Context, record: SessionRecord, request: RequestInfo): void {
  const session = record.session;
  if (session.status !== 'open') {
    throw unexpectedState(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${session.status}".`);
  }
  const pi = typeof session.payment_intent === 'string' ? ctx.store.paymentIntents.get(session.payment_intent) : undefined;
  if (pi && CANCELABLE.includes(pi.status)) cancelPaymentIntent(ctx, pi, 'abandoned', request);
  session.status = 'expired';
  session.url = null;
  emit(ctx, 'checkout.session.expired', session, request);
}

/** Expires every open session whose `expires_at` has passed on the sandbox clock. Called on a
 * timer and before each API call, so a session is never seen open after its time. */
export function expireDueSessions(ctx: Context): void {
  const now = ctx.clock.now();
  for (const record of ctx.store.sessions.values()) {
    if (record.session.status === 'open' && record.session.expires_at <= now) expireSession(ctx, record, NO_REQUEST);
  }
}
