import { createWorker } from '../../src/worker';
import { useCardTestApp, type CardTestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { answeredDeliveries, eventAbout } from '../helpers/processor';
import { mailsOf } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { deliveryLog, registerEndpoint } from './helpers';
import { startReceiver, type Receiver } from './receiver';

/** Copies of the processor's webhook at once, then two workers at once: one order.paid delivery
 * to each endpoint and one receipt to the shopper. */
let t: CardTestApp;
let receiver: Receiver;
useCardTestApp((app) => (t = app));
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

test('ten concurrent copies of the paid webhook, two workers: one order.paid delivery and one confirmation email', async () => {
  const admin = await staffToken(t, ['admin']);
  const endpoint = await registerEndpoint(t, admin, receiver.url, ['order.paid']);
  const order = await placeCardOrder(t);
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');
  const completed = await eventAbout(t, 'checkout.session.completed', order.sessionId);
  await t.processor.redeliver(completed.id, { times: 10 });
  await answeredDeliveries(t, completed.id, 10);

  const second = createWorker(t.ctx);
  await Promise.all([t.worker.runOnce(), second.runOnce(), t.worker.runOnce(), second.runOnce()]);

  const events = receiver.verified(endpoint.secret).filter((e) => e.data.order_id === order.id);
  expect(events.map((e) => e.type)).toEqual(['order.paid']);
  const log = await deliveryLog(t, admin, endpoint.id);
  expect(log.filter((d) => d.event_id === events[0]!.id)).toEqual([expect.objectContaining({ status: 'succeeded', attempts: [expect.objectContaining({ status_code: 200 })] })]);
  const number = (await t.ctx.db.selectFrom('orders').select('number').where('id', '=', order.id).executeTakeFirstOrThrow()).number;
  expect(mailsOf(t, number, 'order_paid')).toHaveLength(1);
  const rows = await t.ctx.db.selectFrom('merchant_events').select('type').where('dedupe_key', 'like', `%${order.id}%`).execute();
  expect(rows).toEqual([{ type: 'order.paid' }]);
});
