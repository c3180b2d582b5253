import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { useCardTestApp, type CardTestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { statusBecomes } from '../helpers/records';
import { scrape } from '../helpers/metrics';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

/** Business figures on /metrics, read before and after real work: counters are process-wide, so
 * every assertion is on a difference. */
let t: CardTestApp;
useCardTestApp((app) => (t = app));

test('a card checkout through the sandbox moves the order, processor, webhook and payment figures', async () => {
  const before = await scrape(t.baseUrl);
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 1 }] });
  expect((await t.processor.pressButton(order.url, 'succeed')).status).toBe(303);
  await statusBecomes(t, order.id, 'paid');
  const after = await scrape(t.baseUrl);
  const moved = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);

  expect(moved('orders_created_total', { payment_method: 'card', outcome: 'created' })).toBe(1);
  expect(moved('processor_request_duration_seconds_count', { operation: 'POST /v1/checkout/sessions', status: '200' })).toBe(1);
  expect(moved('webhook_events_total', { type: 'checkout.session.completed', outcome: 'applied' })).toBe(1);
  // Only the path that recorded the money counts it: here the webhook (nothing else ran).
  expect(moved('payments_recorded_total', { method: 'card' })).toBe(1);
  expect(moved('payments_recorded_total', { path: 'webhook', method: 'card' })).toBe(1);
  expect(after.text).toContain('# TYPE processor_request_duration_seconds histogram');
});

test('a pay-via-sales order, its payment, refund and emails move their figures, and the queue is read from the table', async () => {
  const before = await scrape(t.baseUrl);
  const { order } = await placeOrder(t, salesOrder());
  const queued = await scrape(t.baseUrl);
  expect(queued.value('jobs_waiting', { kind: 'email.send' })).toBeGreaterThanOrEqual(1);
  expect(queued.value('jobs_oldest_waiting_seconds', { kind: 'email.send' })).toBeGreaterThanOrEqual(0);

  const sales = await staffToken(t, ['sales']);
  const paid = await request(t.app)
    .post(`/api/staff/orders/${order.id}/payments`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ amount: order.total, currency: order.currency, method: 'bank_transfer', reference: 'SEPA 2211' });
  expect(paid.status).toBe(201);
  const finance = await staffToken(t, ['finance']);
  const refund = await request(t.app)
    .post(`/api/staff/orders/${order.id}/refunds`)
    .set('Authorization', `Bearer ${finance}`)
    .set('Idempotency-Key', randomUUID())
    .send({ amount: 100, method: 'bank_transfer', reference: 'SEPA back 1' });
  expect(refund.status).toBe(201);
  expect(await t.worker.runOnce()).toBeGreaterThan(0);
  // Jobs queue more jobs (a delivery queues its emails): run until nothing is left.
  while ((await t.worker.runOnce()) > 0);
  const after = await scrape(t.baseUrl);
  const moved = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);

  expect(moved('orders_created_total', { payment_method: 'sales', outcome: 'created' })).toBe(1);
  expect(moved('payments_recorded_total', { path: 'staff', method: 'bank_transfer' })).toBe(1);
  expect(moved('refunds_total', { method: 'bank_transfer', outcome: 'succeeded' })).toBe(1);
  expect(moved('emails_total', { kind: 'order_received', outcome: 'sent' })).toBe(1);
  expect(moved('job_runs_total', { kind: 'email.send', outcome: 'done' })).toBeGreaterThanOrEqual(3);
  expect(after.value('jobs_waiting', { kind: 'email.send' })).toBe(0);
});

test('a refused order, a replayed one and a card number typed into a field are counted by outcome and field, never by value', async () => {
  const before = await scrape(t.baseUrl);
  const key = randomUUID();
  await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(salesOrder()).expect(201);
  await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(salesOrder()).expect(201);
  await request(t.app)
    .post('/api/orders')
    .set('Idempotency-Key', randomUUID())
    .send(salesOrder({ items: [{ sku: 'TRN-ADMIN', quantity: 13 }] }))
    .expect(422);
  await request(t.app)
    .post('/api/orders')
    .set('Idempotency-Key', randomUUID())
    .send(salesOrder({}, { name: 'Ada 4111 1111 1111 1111' }))
    .expect(422);
  await request(t.app)
    .post('/api/orders')
    .set('Idempotency-Key', randomUUID())
    .send({ ...salesOrder(), '4242424242424242': 'x' })
    .expect(422);
  const after = await scrape(t.baseUrl);
  const moved = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);

  expect(moved('orders_created_total', { payment_method: 'sales', outcome: 'replayed' })).toBe(1);
  expect(moved('orders_created_total', { payment_method: 'sales', outcome: 'refused' })).toBe(1);
  expect(moved('card_numbers_refused_total', { field: 'customer.name' })).toBe(1);
  expect(moved('card_numbers_refused_total', { field: '?' })).toBe(1);
  // The numbers as typed (figures such as CPU seconds may hold the digits 4111 by chance).
  expect(after.text).not.toMatch(/4242424242424242|4111 1111 1111 1111|4111111111111111/);
});

test('a webhook whose signature does not verify is counted as refused', async () => {
  const before = await scrape(t.baseUrl);
  await request(t.app).post('/api/webhooks/stripe').set('Stripe-Signature', 't=1,v1=00').send('{}').expect(400);
  const after = await scrape(t.baseUrl);
  expect(after.value('webhook_events_total', { outcome: 'refused' }) - before.value('webhook_events_total', { outcome: 'refused' })).toBe(1);
});
