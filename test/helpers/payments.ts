import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { TestApp } from './app';
import { placeCardOrder, type OrderOverrides } from './orders';
import { placeOrder, salesOrder } from './sales';
import { staffToken } from './staff-token';
import { statusBecomes } from './records';

/** A card order the shopper paid on the processor's page (the webhook records the payment). */
export async function paidCardOrder(t: TestApp, over: OrderOverrides = {}): Promise<{ id: string; number: string }> {
  const placed = await placeCardOrder(t, over);
  await t.processor.pay(placed.sessionId, 'succeed');
  await statusBecomes(t, placed.id, 'paid');
  return { id: placed.id, number: placed.number };
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
