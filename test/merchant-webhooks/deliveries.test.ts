import request from 'supertest';
import { expireOverdueOfflineOrders } from '../../src/sales-desk';
import { startTestApp, type TestApp } from '../helpers/app';
import { makeJobsDue, placeOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { deliveryLog, registerEndpoint } from './helpers';
import { startReceiver, type Receiver } from './receiver';

let t: TestApp;
let receiver: Receiver;
let admin: string;
let sales: string;
let finance: string;
let endpoint: { id: string; secret: string };
beforeAll(async () => {
  t = await startTestApp();
  receiver = await startReceiver();
  [admin, sales, finance] = await Promise.all([staffToken(t, ['admin']), staffToken(t, ['sales']), staffToken(t, ['finance'])]);
  endpoint = await registerEndpoint(t, admin, receiver.url);
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});
beforeEach(() => {
  receiver.received.length = 0;
});

const payInFull = (o: { id: string; total: number; currency: string }) =>
  request(t.app)
    .post(`/api/staff/orders/${o.id}/payments`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ amount: o.total, currency: o.currency, method: 'bank_transfer', reference: 'TRF 77' })
    .expect(201);
const about = (orderId: string) => receiver.verified(endpoint.secret).filter((e) => e.data.order_id === orderId);
const deliveriesOf = async (eventIds: string[]) => (await deliveryLog(t, admin, endpoint.id)).filter((d) => eventIds.includes(d.event_id));

describe('a merchant webhook endpoint', () => {
  it('receives order.paid signed per Standard Webhooks, with the order’s amounts and no personal data', async () => {
    const { order } = await placeOrder(t);
    await payInFull(order);
    await t.worker.runOnce();
    await t.worker.runOnce();

    const [paid, ...more] = about(order.id);
    expect(more).toEqual([]);
    expect(paid).toMatchObject({ type: 'order.paid', data: { order_number: order.number, status: 'paid', total: order.total, amount_paid: order.total, currency: 'EUR' } });
    expect(paid!.id).toMatch(/^msg_/);
    expect(new Date(paid!.timestamp).toISOString()).toBe(paid!.timestamp);
    const raw = receiver.received.map((r) => r.body).join('\n');
    expect(raw).not.toMatch(/Grace|grace@example\.com|Navy Labs|1234567/);
    expect(receiver.received[0]!.headers['content-type']).toBe('application/json');
  });

  it('is refused by the library when the body is altered or another secret checks it', async () => {
    const { order } = await placeOrder(t);
    await payInFull(order);
    await t.worker.runOnce();
    const [got] = receiver.received;
    const tampered = { ...got!, body: got!.body.replace('"paid"', '"refunded"') };
    receiver.received.splice(0, 1, tampered);
    expect(() => receiver.verified(endpoint.secret)).toThrow();
    receiver.received.splice(0, 1, got!);
    expect(() => receiver.verified(`whsec_${Buffer.alloc(32, 7).toString('base64')}`)).toThrow();
  });

  it('is retried with backoff until it answers 2xx, each attempt logged, with one webhook-id throughout', async () => {
    const { order } = await placeOrder(t);
    await payInFull(order);
    receiver.answerNext(500, 503);
    await t.worker.runOnce();
    expect(receiver.received).toHaveLength(1);
    const job = await t.ctx.db.selectFrom('jobs').select(['run_at', 'done_at']).where('kind', '=', 'merchant-webhook.deliver').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(job.done_at).toBeNull();
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    await t.worker.runOnce();
    expect(receiver.received).toHaveLength(1);

    await makeJobsDue(t);
    await t.worker.runOnce();
    await makeJobsDue(t);
    await t.worker.runOnce();
    await makeJobsDue(t);
    await t.worker.runOnce();

    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1);
    const [delivery] = await deliveriesOf([String(receiver.received[0]!.headers['webhook-id'])]);
    expect(delivery).toMatchObject({ event_type: 'order.paid', status: 'succeeded', redeliveries: 0 });
    expect(delivery!.attempts.map((a) => a.status_code)).toEqual([500, 503, 200]);
    expect(delivery!.attempts[0]!.error).toBe('The endpoint answered 500.');
  });

  it('can be redelivered by an admin: the same event again, logged as a new attempt; not while one is pending', async () => {
    const { order } = await placeOrder(t);
    await payInFull(order);
    await t.worker.runOnce();
    const [delivery] = await deliveriesOf([about(order.id)[0]!.id]);
    const redeliver = () => request(t.app).post(`/api/admin/webhooks/${endpoint.id}/deliveries/${delivery!.id}/redeliver`).set('Authorization', `Bearer ${admin}`);

    expect((await redeliver().expect(202)).body).toEqual({ id: delivery!.id, status: 'pending', redeliveries: 1 });
    await redeliver().expect(409);
    await t.worker.runOnce();

    const events = about(order.id);
    expect(events).toHaveLength(2);
    expect(events[1]).toEqual(events[0]);
    const [after] = await deliveriesOf([events[0]!.id]);
    expect(after).toMatchObject({ status: 'succeeded', redeliveries: 1 });
    expect(after!.attempts).toHaveLength(2);
    await request(t.app).post(`/api/admin/webhooks/${endpoint.id}/deliveries/999999/redeliver`).set('Authorization', `Bearer ${admin}`).expect(404);
  });

  it('hears of a cancelled order and of each refund, on the pay-via-sales path', async () => {
    const cancelled = (await placeOrder(t)).order;
    await request(t.app).post(`/api/staff/orders/${cancelled.id}/cancel`).set('Authorization', `Bearer ${sales}`).send({}).expect(200);
    const { order } = await placeOrder(t);
    await payInFull(order);
    const refund = (amount: number) =>
      request(t.app)
        .post(`/api/staff/orders/${order.id}/refunds`)
        .set('Authorization', `Bearer ${finance}`)
        .send({ amount, method: 'bank_transfer', reference: `RF-${amount}` })
        .expect(201);
    await refund(1000);
    await refund(order.total - 1000);
    await t.worker.runOnce();

    expect(about(cancelled.id).map((e) => [e.type, e.data.status])).toEqual([['order.cancelled', 'cancelled']]);
    // Deliveries are independent jobs: they may arrive in any order (as Standard Webhooks warns
    // receivers), so they are compared by how much had been refunded.
    const byRefunded = about(order.id).sort((a, b) => Number(a.data.amount_refunded) - Number(b.data.amount_refunded));
    expect(byRefunded.map((e) => [e.type, e.data.status, e.data.amount_refunded])).toEqual([
      ['order.paid', 'paid', 0],
      ['order.refunded', 'partially_refunded', 1000],
      ['order.refunded', 'refunded', order.total],
    ]);
  });

  it('hears of a sales order whose hold ran out, once, though two sweeps run at once', async () => {
    const { order } = await placeOrder(t);
    await t.ctx.db
      .updateTable('orders')
      .set({ hold_expires_at: new Date(Date.now() - 60_000) })
      .where('id', '=', order.id)
      .execute();
    await Promise.all([expireOverdueOfflineOrders(t.ctx.db), expireOverdueOfflineOrders(t.ctx.db)]);
    await t.worker.runOnce();

    expect(about(order.id).map((e) => [e.type, e.data.status, e.data.amount_paid])).toEqual([['order.expired', 'expired', 0]]);
  });

  it('receives only the event types it asked for, and nothing once inactive', async () => {
    const other = await startReceiver();
    try {
      const cancelsOnly = await registerEndpoint(t, admin, other.url, ['order.cancelled']);
      const { order } = await placeOrder(t);
      await payInFull(order);
      await t.worker.runOnce();
      expect(other.received).toEqual([]);
      await request(t.app).patch(`/api/admin/webhooks/${cancelsOnly.id}`).set('Authorization', `Bearer ${admin}`).send({ active: false }).expect(200);
      const second = (await placeOrder(t)).order;
      await request(t.app).post(`/api/staff/orders/${second.id}/cancel`).set('Authorization', `Bearer ${sales}`).send({}).expect(200);
      await t.worker.runOnce();
      expect(other.received).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
