import { craftEvent, postEvent } from './helpers';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { answeredDeliveries, delivered } from '../helpers/processor';
import { historyOf, orderRow, paymentsOf, seatsLeft, statusBecomes } from '../helpers/records';

/** After the payment: refunds counted from the processor's own totals, chargebacks flagged, and
 * money for an order we can no longer fulfil sent back by itself. */
let t: TestApp;
useTestApp((app) => (t = app));

async function paidOrder(items = [{ sku: 'EVT-SUMMIT', quantity: 2 }]) {
  const order = await placeCardOrder(t, { items });
  await t.processor.pay(order.sessionId, 'succeed');
  const row = await statusBecomes(t, order.id, 'paid');
  return { ...order, total: row.total, paymentIntent: row.processor_payment_intent! };
}

test('refunds made at the processor move the order to partially refunded, then refunded with its seats back, each counted once', async () => {
  const order = await paidOrder();
  const seatsWhilePaid = await seatsLeft(t, 'EVT-SUMMIT');

  const first = await t.ctx.stripe.refunds.create({ payment_intent: order.paymentIntent, amount: 5000 });
  await statusBecomes(t, order.id, 'partially_refunded');
  await t.ctx.stripe.refunds.create({ payment_intent: order.paymentIntent });
  const refunded = await statusBecomes(t, order.id, 'refunded');
  expect(refunded.amount_refunded).toBe(order.total);
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(seatsWhilePaid! + 2);

  // The first refund's event again, late: its total (5000) is older than what we hold.
  const firstEvent = (await t.ctx.stripe.events.list({ type: 'charge.refunded' })).data.find(
    (e) =>
      (e.data.object as { amount_refunded: number; id: string }).amount_refunded === first.amount &&
      (e.data.object as { payment_intent: string }).payment_intent === order.paymentIntent,
  )!;
  await t.processor.redeliver(firstEvent.id, { times: 2 });
  await answeredDeliveries(t, firstEvent.id, 3);
  expect(await orderRow(t, order.id)).toMatchObject({ status: 'refunded', amount_refunded: order.total });
  expect((await historyOf(t, order.id)).filter((h) => h.event === 'seats_released')).toHaveLength(1);
});

test('a chargeback makes the order disputed and flags it for staff', async () => {
  const order = await paidOrder([{ sku: 'SW-PRO', quantity: 1 }]);
  await t.processor.dispute(order.paymentIntent, { reason: 'fraudulent' });

  const row = await statusBecomes(t, order.id, 'disputed');
  expect(row).toMatchObject({ needs_attention: true, attention_reason: 'dispute', amount_paid: order.total });
  const flagged = (await historyOf(t, order.id)).find((h) => h.event === 'flagged');
  expect(flagged?.detail).toMatchObject({ reason: 'dispute', dispute_reason: 'fraudulent', amount: order.total, currency: 'USD' });
});

test('a payment for an order that expired meanwhile is refunded through the processor by itself and flagged', async () => {
  const before = await seatsLeft(t, 'EVT-SUMMIT');
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 1 }] });
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');
  // The hold ended first (say the session's expiry reached us before the payment did).
  const session = await t.ctx.stripe.checkout.sessions.retrieve(order.sessionId);
  await postEvent(t, craftEvent('checkout.session.expired', { ...session, status: 'expired', payment_status: 'unpaid', payment_intent: null, url: null }));
  expect((await orderRow(t, order.id)).status).toBe('expired');
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before);

  await t.processor.resumeDeliveries();
  const { delivery } = await delivered(t, 'checkout.session.completed', order.sessionId);
  expect(JSON.parse(delivery.response_body).outcome).toBe('unfulfillable_refund_queued');
  expect(await orderRow(t, order.id)).toMatchObject({ status: 'expired', needs_attention: true, attention_reason: 'payment_for_closed_order' });
  expect(await paymentsOf(t, order.id)).toHaveLength(1);

  await t.worker.runOnce();
  await t.worker.runOnce();

  const row = await orderRow(t, order.id);
  expect(row).toMatchObject({ status: 'expired', amount_paid: row.total, amount_refunded: row.total });
  const refunds = await t.ctx.db.selectFrom('refunds').selectAll().where('order_id', '=', order.id).execute();
  expect(refunds).toEqual([expect.objectContaining({ amount: row.total, status: 'succeeded', requested_by: 'system', reason: 'order_not_fulfillable' })]);
  expect(refunds[0]!.processor_refund_id).toMatch(/^re_/);
  // The processor holds exactly one refund for the payment, whatever ran twice.
  const atProcessor = await t.ctx.stripe.refunds.list({ payment_intent: row.processor_payment_intent! });
  expect(atProcessor.data).toHaveLength(1);
  expect(await seatsLeft(t, 'EVT-SUMMIT')).toBe(before);
});
