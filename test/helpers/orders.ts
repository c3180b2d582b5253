import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { NextStep, OrderView } from '../../src/orders';
import type { TestApp } from './app';
import { orderRow } from './records';

/** The one way tests place an order: `placeOrder(t, overrides)` for an order as setup,
 * `postOrder(t, overrides)` where the answer itself is what the test checks. Overrides replace
 * the fields of a card order for one licence (`orderBody()`); `customer` is merged field by field. */

export interface Shopper {
  name: string;
  email: string;
  company?: string;
  country: string;
  phone?: string;
}

export interface OrderBody {
  items: Array<{ sku: string; quantity: number }>;
  currency: string;
  payment_method: string;
  customer: Shopper;
  marketing_opt_in?: boolean;
  contact_me?: boolean;
  remember_me?: boolean;
}

export interface OrderOverrides extends Partial<Omit<OrderBody, 'customer'>> {
  customer?: Partial<Shopper>;
  /** The Idempotency-Key (a fresh one unless given). */
  key?: string;
  /** More request headers (Cookie, X-Forwarded-For, Sec-GPC...). */
  headers?: Record<string, string>;
}

/** The shopper of a card order unless a test names another: no company, no phone. */
const CARD_SHOPPER: Shopper = { name: 'Ada Lovelace', email: 'ada@example.com', country: 'US' };

/** A shopper with every field filled in. */
export const ADA: Shopper = { name: 'Ada Lovelace', email: 'ada@example.org', company: 'Analytical Engines Ltd', country: 'GB', phone: '+44 20 7946 0018' };

/** Overrides for a pay-via-sales order in euros by ADA (what the privacy tests place). */
export const ADA_BY_SALES: OrderOverrides = { currency: 'EUR', payment_method: 'sales', customer: ADA };

export function orderBody({ key: _key, headers: _headers, customer, ...over }: OrderOverrides = {}): OrderBody {
  return { items: [{ sku: 'SW-STD', quantity: 1 }], currency: 'USD', payment_method: 'card', ...over, customer: { ...CARD_SHOPPER, ...customer } };
}

/** POST /api/orders with the body and headers asked for; the answer is the test's to check. */
export function postOrder(t: TestApp, over: OrderOverrides = {}) {
  const req = request(t.baseUrl)
    .post('/api/orders')
    .set('Idempotency-Key', over.key ?? randomUUID());
  for (const [name, value] of Object.entries(over.headers ?? {})) req.set(name, value);
  return req.send(orderBody(over));
}

export interface PlacedOrder {
  id: string;
  number: string;
  /** The shopper's Bearer token for the order. */
  token: string;
  order: OrderView;
  next: NextStep;
}

/** Places an order as a shopper would; anything but 201 fails the test. */
export async function placeOrder(t: TestApp, over: OrderOverrides = {}): Promise<PlacedOrder> {
  const res = await postOrder(t, over);
  if (res.status !== 201) throw new Error(`order not placed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { order: OrderView; order_token: string; next: NextStep };
  return { id: body.order.id, number: body.order.number, token: body.order_token, order: body.order, next: body.next };
}

export interface PlacedCardOrder extends PlacedOrder {
  /** The order's Checkout Session, read from our own record. */
  sessionId: string;
  /** Where the shopper pays (the processor's page). */
  url: string;
}

/** Places a card order and returns it with its Checkout Session. */
export async function placeCardOrder(t: TestApp, over: OrderOverrides = {}): Promise<PlacedCardOrder> {
  const placed = await placeOrder(t, { ...over, payment_method: 'card' });
  if (placed.next.type !== 'redirect') throw new Error(`a card order answered ${JSON.stringify(placed.next)}`);
  const row = await orderRow(t, placed.id);
  return { ...placed, sessionId: row.processor_session_id!, url: placed.next.url };
}
