import type Stripe from 'stripe';
import type { z } from 'zod';
import type { CardAction, OrderClaim } from './card-action';
import { CHARGE_SHAPE, CLOSED_DISPUTE_SHAPE, DISPUTE_SHAPE, PAYMENT_INTENT_SHAPE, SESSION_SHAPE } from './stripe-shapes';

/** Stripe's messages reduced to processor-neutral actions. Only what the signed event (or the API
 * answer) itself carries is used: no extra lookups, so the reading is the same on every path. */

const idOf = (v: string | { id: string } | null | undefined): string | null => (v == null ? null : typeof v === 'string' ? v : v.id);

/** A signed event of a type that can change an order, whose object lacks the fields it is read by. */
export const MALFORMED = 'malformed';

/** The event types that can change an order; every other type is acknowledged and ignored. The
 * object is checked against the shape its reading needs before it is read. */
export function actionForStripeEvent(event: Stripe.Event): CardAction | typeof MALFORMED | undefined {
  const object: unknown = event.data.object;
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'checkout.session.expired':
      return read(SESSION_SHAPE, object, actionForSession);
    case 'checkout.session.async_payment_failed':
      return read(SESSION_SHAPE, object, (s: Stripe.Checkout.Session) => ({ type: 'payment_failed', claim: sessionClaim(s), code: 'async_payment_failed', final: true }));
    case 'payment_intent.payment_failed':
      return read(PAYMENT_INTENT_SHAPE, object, paymentFailed);
    case 'charge.refunded':
      return read(CHARGE_SHAPE, object, actionForCharge);
    case 'charge.dispute.created':
      return read(DISPUTE_SHAPE, object, disputed);
    case 'charge.dispute.closed':
      return read(CLOSED_DISPUTE_SHAPE, object, disputeClosed);
    default:
      return undefined;
  }
}

/** Translates the object only once it has the shape its reading needs. */
function read<T>(shape: z.ZodType, object: unknown, translate: (o: T) => CardAction | undefined): CardAction | typeof MALFORMED | undefined {
  return shape.safeParse(object).success ? translate(object as T) : MALFORMED;
}

/** A session as the webhook or the API shows it. Its `payment_intent` may be expanded, which tells
 * a delayed payment still settling from one that failed after the shopper left. */
export function actionForSession(session: Stripe.Checkout.Session): CardAction {
  const claim = sessionClaim(session);
  if (session.status === 'expired') return { type: 'session_expired', claim };
  if (session.status !== 'complete') return { type: 'none', claim };
  const paymentIntent = idOf(session.payment_intent);
  if (session.payment_status === 'paid' && paymentIntent) {
    return {
      type: 'paid',
      claim,
      payment: { amount: session.amount_total ?? 0, currency: (session.currency ?? '').toUpperCase(), paymentIntent },
    };
  }
  const pi = typeof session.payment_intent === 'object' ? session.payment_intent : null;
  if (pi && (pi.status === 'requires_payment_method' || pi.status === 'canceled')) {
    return { type: 'payment_failed', claim, code: pi.last_payment_error?.code ?? 'async_payment_failed', final: true };
  }
  return { type: 'processing', claim, paymentIntent };
}

function sessionClaim(session: Stripe.Checkout.Session): OrderClaim {
  return {
    sessionId: session.id,
    paymentIntent: idOf(session.payment_intent),
    referenceOrderId: session.client_reference_id,
    metadataOrderId: session.metadata?.order_id ?? null,
    requireBothIds: true,
  };
}

function paymentFailed(pi: Stripe.PaymentIntent): CardAction {
  // The decline code only: the error's message and payment method never leave the processor.
  const code = pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? null;
  return { type: 'payment_failed', claim: { paymentIntent: pi.id, metadataOrderId: pi.metadata?.order_id ?? null, requireBothIds: false }, code, final: false };
}

/** A charge's refunds as the processor totals them (from `charge.refunded`, or a fresh retrieve). */
export function actionForCharge(charge: Stripe.Charge): CardAction | undefined {
  const paymentIntent = idOf(charge.payment_intent);
  if (!paymentIntent) return undefined;
  return {
    type: 'refunded',
    claim: { paymentIntent, metadataOrderId: charge.metadata?.order_id ?? null, requireBothIds: false },
    payment: { amount: charge.amount_captured || charge.amount, currency: charge.currency.toUpperCase(), paymentIntent, charge: charge.id },
    refundedTotal: charge.amount_refunded,
    succeeded: charge.status === 'succeeded' && charge.paid,
  };
}

function disputed(dispute: Stripe.Dispute): CardAction | undefined {
  const paymentIntent = idOf(dispute.payment_intent);
  if (!paymentIntent) return undefined;
  return {
    type: 'disputed',
    claim: { paymentIntent, requireBothIds: false },
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
    reason: dispute.reason,
  };
}

/** `lost` is the only closing that takes money away; `won` and `warning_closed` (an inquiry that
 * went no further) leave it with us. */
function disputeClosed(dispute: Stripe.Dispute): CardAction | undefined {
  const paymentIntent = idOf(dispute.payment_intent);
  if (!paymentIntent) return undefined;
  return {
    type: 'dispute_closed',
    claim: { paymentIntent, requireBothIds: false },
    disputeId: dispute.id,
    lost: dispute.status === 'lost',
    status: dispute.status,
    amount: dispute.amount,
    currency: dispute.currency.toUpperCase(),
  };
}
