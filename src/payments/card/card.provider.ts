import type Stripe from 'stripe';
import { unavailable, unprocessable } from '../../shared/errors';
import type { OrderItemRow, OrderRow } from '../../orders';
import type { PaymentMethodProvider } from '../payment-method';
import { cardRefundTerms, refundThroughProcessor } from './card-refund';

export interface CardProviderOptions {
  stripe: Stripe;
  publicBaseUrl: string;
  holdMinutes: number;
}

/** Card entry is handed to the processor's hosted page; we only keep its references. */
export function cardProvider(opts: CardProviderOptions): PaymentMethodProvider {
  return {
    method: 'card',
    initialStatus: 'pending_payment',
    holdUntil: (now) => new Date(now.getTime() + opts.holdMinutes * 60_000),
    creationFields: () => ({}),
    async start(order, items) {
      if (order.status !== 'pending_payment') {
        throw unprocessable('order_closed', `This order is ${order.status.replace('_', ' ')} and can no longer be paid; place a new order.`);
      }
      const session = await createCheckoutSession(opts, order, items);
      if (!session.url) throw unavailable('processor_unavailable', 'The payment processor gave no payment page; retry shortly.', 5);
      return { next: { type: 'redirect', url: session.url }, processorSessionId: session.id };
    },
    async resume(order) {
      if (!order.processor_session_id) return undefined;
      const session = await retrieveSession(opts, order.processor_session_id);
      if (session.url) return { type: 'redirect', url: session.url };
      // The session is over: never a second one for the same order (a payment on the first would
      // no longer match the order). A completed one leads to the return page, which settles it.
      if (session.status === 'complete') return { type: 'redirect', url: returnUrl(opts, session.id) };
      throw unprocessable('order_closed', 'The payment page for this order has expired; place a new order.');
    },
    refundTerms: cardRefundTerms,
    refund: (order, refund) => refundThroughProcessor(opts.stripe, order, refund),
  };
}

async function createCheckoutSession(opts: CardProviderOptions, order: OrderRow, items: OrderItemRow[]): Promise<Stripe.Checkout.Session> {
  const metadata = { order_id: order.id, order_number: order.number };
  const expiresAt = sessionExpiry(new Date(order.hold_expires_at!), Date.now());
  try {
    return await opts.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: lineItems(order, items),
        client_reference_id: order.id,
        metadata,
        payment_intent_data: { metadata },
        customer_email: order.customer_email,
        expires_at: expiresAt,
        success_url: returnUrl(opts, '{CHECKOUT_SESSION_ID}'),
        cancel_url: `${opts.publicBaseUrl}/orders/${order.id}?cancelled=1`,
      },
      // Derived from our own order id: a retry of this order reuses the same session, and two
      // orders with the same cart never share one. The expiry is part of the key: a retry in a later
      // window sends other parameters, which the processor would refuse under the same key.
      { idempotencyKey: `handoff-order-${order.id}-session-${expiresAt}` },
    );
  } catch {
    throw unavailable('processor_unavailable', 'The payment processor did not answer; retry with the same Idempotency-Key.', 5);
  }
}

async function retrieveSession(opts: CardProviderOptions, id: string): Promise<Stripe.Checkout.Session> {
  try {
    return await opts.stripe.checkout.sessions.retrieve(id);
  } catch {
    throw unavailable('processor_unavailable', 'The payment processor did not answer; retry with the same Idempotency-Key.', 5);
  }
}

const returnUrl = (opts: CardProviderOptions, sessionId: string) => `${opts.publicBaseUrl}/checkout/return?session_id=${sessionId}`;

const MIN_SESSION_S = 30 * 60;
const CLOCK_MARGIN_S = 60;
const WINDOW_S = 5 * 60;

/** The processor wants a session to live at least 30 minutes from its creation, so the hold's end
 * (set when the order was written) is too early for a session made a second later, or made by a
 * retry after an outage. The session ends at the hold's end or at least 31 minutes from now,
 * rounded up to a 5-minute window so that retries within a window send identical parameters (and
 * get the first answer back). The reconciliation sweep ends a session at the processor once our
 * hold is over. */
export function sessionExpiry(holdExpiresAt: Date, nowMs: number): number {
  const hold = Math.floor(holdExpiresAt.getTime() / 1000);
  const earliest = Math.ceil(nowMs / 1000) + MIN_SESSION_S + CLOCK_MARGIN_S;
  return hold >= earliest ? hold : Math.ceil(earliest / WINDOW_S) * WINDOW_S;
}

/** One line per order line at its catalog price, plus one line for the tax added on top of those
 * prices when there is any (none when prices include tax), so the processor charges exactly our total. */
function lineItems(order: OrderRow, items: OrderItemRow[]): Stripe.Checkout.SessionCreateParams.LineItem[] {
  const currency = order.currency.toLowerCase();
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = items.map((i) => ({
    quantity: i.quantity,
    price_data: { currency, unit_amount: i.unit_amount, product_data: { name: i.name, metadata: { sku: i.sku } } },
  }));
  const added = order.total - items.reduce((sum, i) => sum + i.amount, 0);
  if (added > 0) {
    lines.push({ quantity: 1, price_data: { currency, unit_amount: added, product_data: { name: 'Tax' } } });
  }
  return lines;
}
