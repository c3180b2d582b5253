import { craftEvent, inboxRows, postEvent } from './helpers';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { historyOf, orderRow, paymentsOf, statusBecomes } from '../helpers/records';
import { answeredDeliveries, delivered, eventAbout } from '../helpers/processor';

/** Whatever the network does (copies, concurrency, another order), one payment and one change. */
let t: TestApp;
useTestApp((app) => (t = app));

const outcomes = (deliveries: Array<{ response_body: string }>) => deliveries.map((d) => JSON.parse(d.response_body).outcome as string).sort();

test('ten copies of the same event delivered at once give one payment and one change to paid', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');
  const completed = await eventAbout(t, 'checkout.session.completed', order.sessionId);

  await t.processor.redeliver(completed.id, { times: 10 });
  const answers = await answeredDeliveries(t, completed.id, 10);

  expect(answers.every((d) => d.status === 200)).toBe(true);
  expect(outcomes(answers)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'duplicate', 'paid']);
  expect(await paymentsOf(t, order.id)).toHaveLength(1);
  expect((await historyOf(t, order.id)).filter((h) => h.to_status === 'paid')).toHaveLength(1);
  expect((await inboxRows(t)).filter((r) => r.event_id === completed.id)).toEqual([expect.objectContaining({ outcome: 'paid' })]);
});

test('a refund delivered before the payment it refunds: the charge proves both, each counted once', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');
  const session = await t.ctx.stripe.checkout.sessions.retrieve(order.sessionId);
  const total = (await orderRow(t, order.id)).total;
  await t.ctx.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 1000 });

  await t.processor.resumeDeliveries('reverse');

  const row = await statusBecomes(t, order.id, 'partially_refunded');
  expect(row).toMatchObject({ amount_paid: total, amount_refunded: 1000 });
  expect(await paymentsOf(t, order.id)).toHaveLength(1);
  const { delivery } = await delivered(t, 'checkout.session.completed', order.sessionId);
  expect(JSON.parse(delivery.response_body).outcome).toBe('already_recorded');
});

test('an expired event after the completed one keeps the order paid and its seats taken', async () => {
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 1 }] });
  await t.processor.pay(order.sessionId, 'succeed');
  await statusBecomes(t, order.id, 'paid');
  const seats = (await t.ctx.db.selectFrom('products').select('seats_taken').where('sku', '=', 'EVT-SUMMIT').executeTakeFirstOrThrow()).seats_taken;
  const session = await t.ctx.stripe.checkout.sessions.retrieve(order.sessionId);

  const res = await postEvent(t, craftEvent('checkout.session.expired', { ...session, status: 'expired', url: null }));

  expect(res.status).toBe(200);
  expect(res.body.outcome).toBe('no_change');
  expect(await orderRow(t, order.id)).toMatchObject({ status: 'paid', seats_held: true });
  const after = (await t.ctx.db.selectFrom('products').select('seats_taken').where('sku', '=', 'EVT-SUMMIT').executeTakeFirstOrThrow()).seats_taken;
  expect(after).toBe(seats);
});

test('the completed event and the shopper returning at the same moment record one payment', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  const { redirect_url: successUrl } = await t.processor.pay(order.sessionId, 'succeed');
  const completed = await eventAbout(t, 'checkout.session.completed', order.sessionId);
  const back = new URL(successUrl!);
  const { default: request } = await import('supertest');

  const [returns] = await Promise.all([
    Promise.all([1, 2, 3].map(() => request(t.baseUrl).get(`${back.pathname}${back.search}`))),
    t.processor.redeliver(completed.id, { times: 3 }),
  ]);
  await answeredDeliveries(t, completed.id, 3);

  expect(returns.map((r) => r.status)).toEqual([303, 303, 303]);
  expect(await paymentsOf(t, order.id)).toHaveLength(1);
  expect((await historyOf(t, order.id)).filter((h) => h.to_status === 'paid')).toHaveLength(1);
});
