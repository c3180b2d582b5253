import { useTestApp, type TestApp } from '../../helpers/app';
import { placeCardOrder, postOrder } from '../../helpers/orders';
import { historyOf, orderRow, paymentsOf, seatsLeft } from '../../helpers/records';

/** The sweep that asks the processor about card orders still pending: it catches missed webhooks
 * and ends holds, through the same exactly-once path as the webhook. */
let t: TestApp;
let sweepClock = Date.now();
useTestApp((app) => (t = app), { CARD_RECONCILE_AFTER_SECONDS: '0' });

/** One pass of the background worker, with its sweeps due (jobs it enqueues run in the same pass). */
const runWorker = () => t.worker.runOnce((sweepClock += 61_000));
const holdEnded = (id: string) =>
  t.ctx.db
    .updateTable('orders')
    .set({ hold_expires_at: new Date(Date.now() - 60_000) })
    .where('id', '=', id)
    .execute();

test('a payment whose webhook never came is found and recorded by the sweep', async () => {
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');

  await runWorker();

  const row = await orderRow(t, order.id);
  expect(row.status).toBe('paid');
  expect(await paymentsOf(t, order.id)).toEqual([expect.objectContaining({ recorded_by: 'reconciler', amount: row.total })]);
});

test('a session that expired without its webhook reaching us expires the order and gives its seats back', async () => {
  const before = await seatsLeft(t, 'EVT-SUMMIT');
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 4 }] });
  await t.processor.pauseDeliveries();
  await t.ctx.stripe.checkout.sessions.expire(order.sessionId);

  await runWorker();

  expect((await orderRow(t, order.id)).status).toBe('expired');
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before);
});

test('when our hold has ended but the session is still open, the sweep ends it at the processor first, then gives the seats back', async () => {
  const before = await seatsLeft(t, 'EVT-SUMMIT');
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 2 }] });
  await holdEnded(order.id);

  await runWorker();

  expect((await t.ctx.stripe.checkout.sessions.retrieve(order.sessionId)).status).toBe('expired');
  expect((await orderRow(t, order.id)).status).toBe('expired');
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before);
  // The shopper can no longer pay for seats that went back.
  await expect(t.processor.pay(order.sessionId, 'succeed')).rejects.toThrow(/no longer open/);
});

test('a delayed payment still settling is not expired when the hold ends', async () => {
  const order = await placeCardOrder(t, { items: [{ sku: 'TRN-ADMIN', quantity: 1 }] });
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'async');
  await holdEnded(order.id);

  await runWorker();

  const row = await orderRow(t, order.id);
  expect(row).toMatchObject({ status: 'pending_payment', seats_held: true });
  expect((await historyOf(t, order.id)).map((h) => h.event)).toContain('payment_processing');
});

test('an order the processor never gave a session expires with its hold', async () => {
  const before = await seatsLeft(t, 'TRN-ADMIN');
  await t.processor.failNext(3, '500', { path: '/v1/checkout/sessions', method: 'POST' });
  const failed = await postOrder(t, { customer: { email: 'gave-up@example.com' }, items: [{ sku: 'TRN-ADMIN', quantity: 1 }] });
  expect(failed.status).toBe(503);
  const order = await t.ctx.db.selectFrom('orders').selectAll().where('customer_email', '=', 'gave-up@example.com').executeTakeFirstOrThrow();
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(before! - 1);

  await holdEnded(order.id);
  await runWorker();

  expect((await orderRow(t, order.id)).status).toBe('expired');
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(before);
});
