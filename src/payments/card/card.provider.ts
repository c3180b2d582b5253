import type Stripe from 'stripe';
import { unavailable } from '../../shared/errors';
import type { OrderItemRow, OrderRow } from '../../orders/orders.table';
import type { PaymentMethodProvider } from '../payment-method';

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
      const session = await createCheckoutSession(opts, order, items);
      if (!session.url) throw unavailable('processor_unavailable', 'The payment processor gave no payment page; retry shortly.', 5);
      return { next: { type: 'redirect', url: session.url }, processorSessionId: session.id };
    },
    async resume(order) {
      if (!order.processor_session_id) return undefined;
      const session = await opts.stripe.checkout.sessions.retrieve(order.processor_session_id);
      return session.url ? { type: 'redirect', url: session.url } : undefined;
    },
  };
}

async function createCheckoutSession(opts: CardProviderOptions, order: OrderRow, items: OrderItemRow[]): Promise<Stripe.Checkout.Session> {
  const metadata = { order_id: order.id, order_number: order.number };
  try {
    return await opts.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: lineItems(order, items),
        client_reference_id: order.id,
        metadata,
        payment_intent_data: { metadata },
        customer_email: order.customer_email,
        expires_at: Math.floor(new Date(order.hold_expires_at!).getTime() / 1000),
        success_url: `${opts.publicBaseUrl}/checkout/return?session_id={CHECKOUT_SESSION_ID}`,
        cancel_url: `${opts.publicBaseUrl}/orders/${order.id}?cancelled=1`,
      },
      // Derived from our own order id: a retry of this order reuses the same session, and two
      // orders with the same cart never share one.
      { idempotencyKey: `handoff-order-${order.id}-session` },
    );
  } catch {
    throw unavailable('processor_unavailable', 'The payment processor did not answer; retry with the same Idempotency-Key.', 5);
  }
}

/** One line per order line at its catalog price, plus one line for our tax (from the per-country
 * table) when there is any, so the processor charges exactly our total. */
function lineItems(order: OrderRow, items: OrderItemRow[]): Stripe.Checkout.SessionCreateParams.LineItem[] {
  const currency = order.currency.toLowerCase();
  const lines: Stripe.Checkout.SessionCreateParams.LineItem[] = items.map((i) => ({
    quantity: i.quantity,
    price_data: { currency, unit_amount: i.unit_amount, product_data: { name: i.name, metadata: { sku: i.sku } } },
  }));
  if (order.tax > 0) {
    lines.push({ quantity: 1, price_data: { currency, unit_amount: order.tax, product_data: { name: 'Tax' } } });
  }
  return lines;
}
