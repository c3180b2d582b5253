import request from 'supertest';
import type { OrderRow } from '../../src/orders';
import type { TestApp } from './app';

/** What an order became, read from our own records (and the catalog the shopper sees). */

export async function orderRow(t: TestApp, id: string): Promise<OrderRow> {
  return t.ctx.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function paymentsOf(t: TestApp, orderId: string) {
  return t.ctx.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).execute();
}

export async function historyOf(t: TestApp, orderId: string) {
  return t.ctx.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export async function ordersNamed(t: TestApp, email: string) {
  return t.ctx.db.selectFrom('orders').selectAll().where('customer_email', '=', email).execute();
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

export const historyHas = (t: TestApp, orderId: string, event: string) =>
  eventually(
    `history entry ${event}`,
    () => historyOf(t, orderId),
    (h) => h.some((x) => x.event === event),
  );
