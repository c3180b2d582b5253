import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './app';
import { orderRow, statusBecomes, type CardTestApp } from './records';
import { placeOrder, salesOrder } from './sales';
import { staffToken } from './staff-token';
import { csvRecords } from './csv';

/** Downloads one export and reads it as CSV records. */
export async function exportCsv(t: TestApp, path: string, token: string, query: Record<string, string> = {}) {
  const res = await request(t.app)
    .get(path)
    .query(query)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { res, text: res.body as string, ...csvRecords((res.body as string).replace(/^\uFEFF/, '')) };
}

export interface OrderSpec {
  items?: Array<{ sku: string; quantity: number }>;
  currency: string;
  country: string;
  name?: string;
  company?: string;
}

/** A card order the shopper paid on the processor's page (the webhook records the payment). */
export async function paidCardOrder(t: CardTestApp, o: OrderSpec): Promise<{ id: string; number: string }> {
  const customer = { name: o.name ?? 'Ada Lovelace', email: 'ada@example.com', country: o.country, ...(o.company ? { company: o.company } : {}) };
  const res = await request(t.app)
    .post('/api/orders')
    .set('Idempotency-Key', randomUUID())
    .send({ items: o.items ?? [{ sku: 'SW-STD', quantity: 1 }], currency: o.currency, customer, payment_method: 'card' });
  if (res.status !== 201) throw new Error(`order not placed: ${res.status} ${JSON.stringify(res.body)}`);
  const row = await orderRow(t, res.body.order.id);
  await t.processor.pay(row.processor_session_id!, 'succeed');
  await statusBecomes(t, row.id, 'paid');
  return { id: row.id, number: row.number };
}

/** A pay-via-sales order, paid in full by bank transfer when `paid` (recorded by sales staff). */
export async function salesOrderPaid(t: TestApp, over: Record<string, unknown>, customer: Record<string, unknown>, paid = true) {
  const { order } = await placeOrder(t, salesOrder(over, customer));
  if (paid) {
    const sales = await staffToken(t, ['sales']);
    const res = await request(t.app)
      .post(`/api/staff/orders/${order.id}/payments`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ amount: order.total, currency: order.currency, method: 'bank_transfer', reference: `SEPA ${order.number}` });
    if (res.status !== 201) throw new Error(`payment not recorded: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return order;
}

export function postRefund(t: TestApp, token: string, orderId: string, body: Record<string, unknown>, key: string = randomUUID()) {
  return request(t.app).post(`/api/staff/orders/${orderId}/refunds`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
}
