import request from 'supertest';
import { useTestApp, type TestApp } from '../../helpers/app';
import { placeCardOrder } from '../../helpers/orders';
import { answeredDeliveries, delivered } from '../../helpers/processor';
import { historyHas, historyOf, orderRow, paymentsOf, seatsLeft, statusBecomes } from '../../helpers/records';

/** The card checkout end to end: the real app on PostgreSQL, the sandbox processor over HTTPS
 * through the official SDK, webhooks delivered and signed by the sandbox. */
let t: TestApp;
useTestApp((app) => (t = app));

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

test('a shopper who presses pay on the hosted page gets a paid order once the webhook arrives', async () => {
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 2 }] });
  expect(order.url).toContain('/c/pay/cs_');
  const page = await t.processor.pressButton(order.url, 'succeed');
  expect(page.status).toBe(303);

  const paid = await statusBecomes(t, order.id, 'paid');
  expect(paid.amount_paid).toBe(paid.total);
  expect(paid.paid_at).not.toBeNull();
  const payments = await paymentsOf(t, order.id);
  expect(payments).toHaveLength(1);
  expect(payments[0]).toMatchObject({ amount: paid.total, currency: 'USD', method: 'card' });
  expect(payments[0]!.processor_payment_intent).toMatch(/^pi_/);
  const api = await request(t.baseUrl).get(`/api/orders/${order.id}`).set('Authorization', `Bearer ${order.token}`);
  expect(api.body).toMatchObject({ status: 'paid', amount_paid: paid.total });
  // Paid seats stay taken.
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(48);
});

test('when the shopper returns before the webhook, the return records the payment and the late webhook changes nothing', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  const { redirect_url: successUrl } = await t.processor.pay(order.sessionId, 'succeed');

  const back = await request(t.baseUrl).get(pathOf(successUrl!));
  expect(back.status).toBe(303);
  expect(back.headers.location).toMatch(new RegExp(`^/orders/${order.id}\\?token=`));
  expect((await orderRow(t, order.id)).status).toBe('paid');
  const page = await request(t.baseUrl).get(back.headers.location!);
  expect(page.status).toBe(200);
  expect(page.text).toContain('data-status="paid"');

  await t.processor.resumeDeliveries();
  const { delivery } = await delivered(t, 'checkout.session.completed', order.sessionId);
  expect(delivery.status).toBe(200);
  expect(JSON.parse(delivery.response_body)).toMatchObject({ outcome: 'already_recorded' });
  expect(await paymentsOf(t, order.id)).toHaveLength(1);
  const changes = (await historyOf(t, order.id)).filter((h) => h.to_status === 'paid');
  expect(changes).toHaveLength(1);
});

test('a declined card leaves the order waiting, with the decline in its history, and a second card can still pay', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pay(order.sessionId, 'decline');
  await historyHas(t, order.id, 'payment_attempt_failed');
  const history = await historyOf(t, order.id);
  expect(history.map((h) => h.event)).toContain('payment_attempt_failed');
  expect((await orderRow(t, order.id)).status).toBe('pending_payment');
  expect(await paymentsOf(t, order.id)).toHaveLength(0);

  await t.processor.pay(order.sessionId, 'succeed');
  await statusBecomes(t, order.id, 'paid');
  expect(await paymentsOf(t, order.id)).toHaveLength(1);
});

test('a delayed bank payment keeps the order (and its seats) waiting until it settles, then the order is paid', async () => {
  const order = await placeCardOrder(t, { items: [{ sku: 'TRN-ADMIN', quantity: 1 }] });
  const seats = await seatsLeft(t, 'TRN-ADMIN');
  await t.processor.pay(order.sessionId, 'async');
  await historyHas(t, order.id, 'payment_processing');
  expect((await orderRow(t, order.id)).status).toBe('pending_payment');
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(seats);

  await t.processor.settle(order.sessionId, 'succeed');
  await statusBecomes(t, order.id, 'paid');
  expect(await paymentsOf(t, order.id)).toHaveLength(1);
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(seats);
});

test('a delayed bank payment that fails later expires the order and gives its seats back', async () => {
  const before = await seatsLeft(t, 'TRN-ADMIN');
  const order = await placeCardOrder(t, { items: [{ sku: 'TRN-ADMIN', quantity: 2 }] });
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(before! - 2);
  await t.processor.pay(order.sessionId, 'async');
  await historyHas(t, order.id, 'payment_processing');
  await t.processor.settle(order.sessionId, 'fail');

  await statusBecomes(t, order.id, 'expired');
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(before);
  expect(await paymentsOf(t, order.id)).toHaveLength(0);
});

test('a session that expires unpaid expires the order and gives its seats back, once', async () => {
  const before = await seatsLeft(t, 'EVT-SUMMIT');
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 3 }] });
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before! - 3);
  await t.ctx.stripe.checkout.sessions.expire(order.sessionId);

  await statusBecomes(t, order.id, 'expired');
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before);
  const { event } = await delivered(t, 'checkout.session.expired', order.sessionId);
  await t.processor.redeliver(event.id, { times: 3 });
  const answers = await answeredDeliveries(t, event.id, 4);
  expect(answers.map((d) => JSON.parse(d.response_body).outcome).sort()).toEqual(['duplicate', 'duplicate', 'duplicate', 'expired']);
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before);
  expect((await historyOf(t, order.id)).filter((h) => h.event === 'seats_released')).toHaveLength(1);
});

test('when the processor cannot answer at the return, the shopper still lands on the order page and the webhook settles it', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  const { redirect_url: successUrl } = await t.processor.pay(order.sessionId, 'succeed');
  await t.processor.failNext(3, '500', { path: '/v1/checkout/sessions', method: 'GET' });

  const back = await request(t.baseUrl).get(pathOf(successUrl!));

  expect(back.status).toBe(303);
  expect(back.headers.location).toMatch(new RegExp(`^/orders/${order.id}\\?token=`));
  expect((await orderRow(t, order.id)).status).toBe('pending_payment');
  await t.processor.resumeDeliveries();
  await statusBecomes(t, order.id, 'paid');
});

test('the order page and the API refuse a return for a session that is not ours', async () => {
  const bad = await request(t.baseUrl).get('/checkout/return?session_id=cs_test_doesnotexist');
  expect(bad.status).toBe(404);
  const malformed = await request(t.baseUrl).get('/checkout/return?session_id=%3Cscript%3E');
  expect(malformed.status).toBe(400);
  expect(malformed.body.errors[0].path).toBe('session_id');
});

test('a return without a session id, or with another query parameter, is 400 naming the field', async () => {
  const missing = await request(t.baseUrl).get('/checkout/return');
  expect(missing.status).toBe(400);
  expect(missing.body.errors.map((e: { path: string }) => e.path)).toEqual(['session_id']);
  const extra = await request(t.baseUrl).get('/checkout/return?session_id=cs_test_abc&order=1');
  expect(extra.status).toBe(400);
  expect(extra.headers['content-type']).toMatch(/application\/problem\+json/);
});
