import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { expireOverdueOfflineOrders } from '../../src/sales-desk';
import { mailsOf, placeOrder, seatedOrder, seatsTaken } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  sales = await staffToken(t, ['sales']);
});

const cancel = (id: string, body?: Record<string, unknown>) => request(t.app).post(`/api/staff/orders/${id}/cancel`).set('Authorization', `Bearer ${sales}`).send(body);
const pay = (id: string, amount: number) =>
  request(t.app).post(`/api/staff/orders/${id}/payments`).set('Authorization', `Bearer ${sales}`).send({ amount, currency: 'EUR', method: 'bank_transfer', reference: 'TRF 1' });
const orderRow = (id: string) => t.ctx.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
/** The worker's clock for sweeps: each call moves it an hour on, so every sweep is due again. */
let sweepClock = Date.now();
/** As if the hold ran out an hour ago; then the worker's sweeps run (as they would each minute). */
async function holdRunsOut(id: string) {
  await t.ctx.db
    .updateTable('orders')
    .set({ hold_expires_at: new Date(Date.now() - 3_600_000) })
    .where('id', '=', id)
    .execute();
  await t.worker.runOnce((sweepClock += 3_600_000));
}

describe('a clerk cancelling an unpaid sales order', () => {
  it('cancels it, gives its seats back, tells the shopper, and audits who did it', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const { order } = await placeOrder(t, seatedOrder(3));
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 3);
    const res = await cancel(order.id, { reason: 'Customer changed their mind' });
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ status: 'cancelled', closed_at: expect.any(String), outstanding: 0 });
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', order.id).execute();
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'staff:sam',
        action: 'order.cancelled',
        before: expect.objectContaining({ status: 'awaiting_offline_payment', seats_held: true }),
        after: expect.objectContaining({ status: 'cancelled', seats_held: false }),
      }),
    ]);
    await t.worker.runOnce();
    expect(mailsOf(t, order.number, 'order_cancelled')).toHaveLength(1);
  });

  it('accepts no body at all', async () => {
    const { order } = await placeOrder(t);
    expect((await request(t.app).post(`/api/staff/orders/${order.id}/cancel`).set('Authorization', `Bearer ${sales}`)).status).toBe(200);
  });

  it('refuses an order already cancelled or paid, and one with money received, changing nothing', async () => {
    const { order: cancelled } = await placeOrder(t);
    await cancel(cancelled.id);
    expect((await cancel(cancelled.id)).body.code).toBe('order_not_awaiting_payment');
    const { order: paid } = await placeOrder(t);
    await pay(paid.id, paid.total);
    expect((await cancel(paid.id)).status).toBe(422);
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const { order: partly } = await placeOrder(t, seatedOrder(1));
    await pay(partly.id, 100);
    const res = await cancel(partly.id);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('order_has_payments');
    expect((await orderRow(partly.id)).status).toBe('awaiting_offline_payment');
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 1);
  });
});

describe('an unpaid sales order whose hold runs out', () => {
  it('expires, its seats go back and the shopper is told once', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const { order } = await placeOrder(t, seatedOrder(4));
    const placedRow = await orderRow(order.id);
    // OFFLINE_HOLD_DAYS (14 by default) from the moment it was placed.
    expect(placedRow.hold_expires_at!.getTime() - placedRow.created_at.getTime()).toBeCloseTo(14 * 86_400_000, -4);
    await t.worker.runOnce();
    expect((await orderRow(order.id)).status).toBe('awaiting_offline_payment');
    await holdRunsOut(order.id);
    const after = await orderRow(order.id);
    expect(after).toMatchObject({ status: 'expired', seats_held: false });
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before);
    await holdRunsOut(order.id);
    await t.worker.runOnce();
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before);
    const mails = mailsOf(t, order.number, 'order_expired');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toMatch(/has expired/);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', order.id).execute();
    expect(audit).toEqual([expect.objectContaining({ actor: 'system', action: 'order.expired' })]);
  });

  it('is not expired when part of it was paid: it is flagged for a person instead', async () => {
    const { order } = await placeOrder(t, seatedOrder(1));
    await pay(order.id, 500);
    await holdRunsOut(order.id);
    expect(await orderRow(order.id)).toMatchObject({
      status: 'awaiting_offline_payment',
      needs_attention: true,
      attention_reason: 'offline_hold_expired_partly_paid',
      seats_held: true,
    });
    const queue = await request(t.app).get('/api/staff/orders?status=awaiting_offline_payment&limit=100').set('Authorization', `Bearer ${sales}`);
    expect(queue.body.orders.find((o: { id: string }) => o.id === order.id)).toMatchObject({ needs_attention: true, amount_paid: 500 });
  });

  it('can no longer be paid', async () => {
    const { order } = await placeOrder(t);
    await holdRunsOut(order.id);
    const res = await pay(order.id, order.total);
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('is expired once or paid, never both, when two sweeps and the full payment arrive at once', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const { order } = await placeOrder(t, seatedOrder(2));
    await t.ctx.db
      .updateTable('orders')
      .set({ hold_expires_at: new Date(Date.now() - 3_600_000) })
      .where('id', '=', order.id)
      .execute();
    const [, , paid] = await Promise.all([expireOverdueOfflineOrders(t.ctx.db), expireOverdueOfflineOrders(t.ctx.db), pay(order.id, order.total)]);
    await t.worker.runOnce();
    const row = await orderRow(order.id);
    const expiries = await t.ctx.db.selectFrom('audit_log').select('id').where('subject_id', '=', order.id).where('action', '=', 'order.expired').execute();
    if (paid.status === 201) {
      expect(row).toMatchObject({ status: 'paid', amount_paid: order.total });
      expect(expiries).toHaveLength(0);
      expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 2);
    } else {
      expect(paid.status).toBe(422);
      expect(row).toMatchObject({ status: 'expired', amount_paid: 0, seats_held: false });
      expect(expiries).toHaveLength(1);
      expect(mailsOf(t, order.number, 'order_expired')).toHaveLength(1);
      expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before);
    }
  });
});
