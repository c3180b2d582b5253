import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { controls, type SandboxControls } from '../../sandbox/client';
import type { OrderRow } from '../../src/orders';
import { startTestApp, type TestApp, type TestAppOptions } from './app';

/** Shared by the card checkout and webhook tests: a shopper, the processor's controls, and ways to
 * read what the order became. */
export interface CardTestApp extends TestApp {
  processor: SandboxControls;
}

/** The test app with the processor's controls at hand. */
export async function startCardTestApp(env: Record<string, string> = {}, opts: TestAppOptions = {}): Promise<CardTestApp> {
  const t = await startTestApp(env, opts);
  return { ...t, processor: controls(t.sandbox) };
}

/** One app for the test file (the hooks are registered here). After each test deliveries flow
 * again and no injected fault is left pending. */
export function useCardTestApp(set: (t: CardTestApp) => void, env: Record<string, string> = {}, opts: TestAppOptions = {}): void {
  let app: CardTestApp | undefined;
  beforeAll(async () => {
    app = await startCardTestApp(env, opts);
    set(app);
  });
  afterEach(async () => {
    await app?.processor.resumeDeliveries();
    await app?.processor.clearFaults();
  });
  afterAll(async () => {
    await app?.close();
  });
}

export interface CardOrderOptions {
  items?: Array<{ sku: string; quantity: number }>;
  email?: string;
  currency?: string;
  country?: string;
  key?: string;
}

export function cardOrderBody(opts: CardOrderOptions = {}) {
  return {
    items: opts.items ?? [{ sku: 'SW-STD', quantity: 1 }],
    currency: opts.currency ?? 'USD',
    customer: { name: 'Ada Lovelace', email: opts.email ?? 'ada@example.com', country: opts.country ?? 'US' },
    payment_method: 'card',
  };
}

export function postOrder(t: TestApp, opts: CardOrderOptions = {}) {
  return request(t.baseUrl)
    .post('/api/orders')
    .set('Idempotency-Key', opts.key ?? randomUUID())
    .send(cardOrderBody(opts));
}

export interface PlacedCardOrder {
  id: string;
  token: string;
  sessionId: string;
  url: string;
}

/** Places a card order and returns it with its Checkout Session (read from our own record). */
export async function placeCardOrder(t: TestApp, opts: CardOrderOptions = {}): Promise<PlacedCardOrder> {
  const res = await postOrder(t, opts);
  if (res.status !== 201) throw new Error(`order not placed: ${res.status} ${JSON.stringify(res.body)}`);
  const row = await orderRow(t, res.body.order.id);
  return { id: row.id, token: res.body.order_token, sessionId: row.processor_session_id!, url: res.body.next.url };
}

export async function orderRow(t: TestApp, id: string): Promise<OrderRow> {
  return t.ctx.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function paymentsOf(t: TestApp, orderId: string) {
  return t.ctx.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute();
}

export async function historyOf(t: TestApp, orderId: string) {
  return t.ctx.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export async function seatsLeft(t: TestApp, sku: string): Promise<number | null> {
  const res = await request(t.baseUrl).get('/api/products');
  return (res.body.products as Array<{ sku: string; seats_left: number | null }>).find((p) => p.sku === sku)!.seats_left;
}

/** Polls until `check` holds (webhooks arrive on their own time); fails with `what` after 10 s. */
export async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const statusBecomes = (t: TestApp, id: string, status: string) =>
  eventually(
    `order ${id} to be ${status}`,
    () => orderRow(t, id),
    (o) => o.status === status,
  );

/** The processor's event of this type about this object (session, PaymentIntent, charge...). */
export async function eventAbout(t: TestApp, type: string, objectId: string) {
  return eventually(
    `${type} for ${objectId}`,
    async () => {
      const events = await t.ctx.stripe.events.list({ type, limit: 100 });
      return events.data.find((e) => (e.data.object as { id?: string }).id === objectId);
    },
    (e) => e !== undefined,
  ).then((e) => e!);
}

/** Waits until the app has answered `count` deliveries of this event, and returns them. */
export async function answeredDeliveries(t: CardTestApp, eventId: string, count = 1) {
  const answered = (d: Awaited<ReturnType<SandboxControls['deliveries']>>) => d.filter((x) => x.status !== null);
  return answered(
    await eventually(
      `${count} answered deliveries of ${eventId}`,
      () => t.processor.deliveries({ eventId }),
      (d) => answered(d).length >= count,
    ),
  );
}

/** The event of this type about this object, once the app has answered its delivery. */
export async function delivered(t: CardTestApp, type: string, objectId: string) {
  const event = await eventAbout(t, type, objectId);
  const [delivery] = await answeredDeliveries(t, event.id, 1);
  return { event, delivery: delivery! };
}

export const historyHas = (t: TestApp, orderId: string, event: string) =>
  eventually(
    `history entry ${event}`,
    () => historyOf(t, orderId),
    (h) => h.some((x) => x.event === event),
  );

/** Every Checkout Session the processor holds for this order. */
export async function sessionsAtProcessor(t: TestApp, orderId: string) {
  const all = await t.ctx.stripe.checkout.sessions.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return all.filter((s) => s.client_reference_id === orderId);
}

export async function ordersNamed(t: TestApp, email: string) {
  return t.ctx.db.selectFrom('orders').selectAll().where('customer_email', '=', email).execute();
}
