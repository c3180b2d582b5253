import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { expireOverdueOfflineOrders } from '../../src/sales-desk';
import { holdRanOut, partlyPaidAndFlagged, placeOrder, seatedOrder, seatsTaken } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  sales = await staffToken(t, ['sales']);
});

const DAY = 86_400_000;
const extend = (id: string, body: unknown, token = sales) =>
  request(t.app)
    .post(`/api/staff/orders/${id}/hold`)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const clear = (id: string, body: unknown, token = sales) =>
  request(t.app)
    .post(`/api/staff/orders/${id}/clear-flag`)
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);
const pay = (id: string, amount: number) =>
  request(t.app)
    .post(`/api/staff/orders/${id}/payments`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ amount, currency: 'EUR', method: 'bank_transfer', reference: `TRF ${amount}` });
const orderRow = (id: string) => t.ctx.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const historyOf = (id: string, event: string) => t.ctx.db.selectFrom('order_history').selectAll().where('order_id', '=', id).where('event', '=', event).execute();
const auditOf = (id: string, action: string) => t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', id).where('action', '=', action).execute();
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

describe('a clerk extending the hold of a pay-via-sales order', () => {
  it('moves the hold later, keeps the seats held, and records who did it in the history and the audit log', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const { order } = await placeOrder(t, seatedOrder(2));
    const oldEnd = (await orderRow(order.id)).hold_expires_at!;
    const newEnd = new Date(oldEnd.getTime() + 7 * DAY);
    const res = await extend(order.id, { hold_expires_at: newEnd.toISOString() });
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ id: order.id, status: 'awaiting_offline_payment', hold_expires_at: newEnd.toISOString() });
    expect(await orderRow(order.id)).toMatchObject({ hold_expires_at: newEnd, seats_held: true });
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 2);
    expect(await historyOf(order.id, 'hold_extended')).toEqual([expect.objectContaining({ actor: 'staff:sam', detail: { from: oldEnd.toISOString(), to: newEnd.toISOString() } })]);
    expect(await auditOf(order.id, 'order.hold_extended')).toEqual([
      expect.objectContaining({
        actor: 'staff:sam',
        before: expect.objectContaining({ hold_expires_at: oldEnd.toISOString(), seats_held: true }),
        after: expect.objectContaining({ hold_expires_at: newEnd.toISOString(), seats_held: true }),
      }),
    ]);
    // The sweep, run when the old hold would have ended, leaves it alone now.
    expect(await expireOverdueOfflineOrders(t.ctx.db, new Date(oldEnd.getTime() + 3_600_000))).toBe(0);
    expect((await orderRow(order.id)).status).toBe('awaiting_offline_payment');
  });

  it('takes the same end asked twice (a retry) as done once, and reads an offset as the moment it names', async () => {
    const { order } = await placeOrder(t);
    const end = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 20 * DAY);
    expect((await extend(order.id, { hold_expires_at: end.toISOString() })).status).toBe(200);
    const offset = new Date(end.getTime() + 3_600_000).toISOString().replace('Z', '+01:00');
    const again = await extend(order.id, { hold_expires_at: offset });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await historyOf(order.id, 'hold_extended')).toHaveLength(1);
  });

  it('refuses an end that is earlier, past, too far ahead or not a timestamp, naming hold_expires_at, and changes nothing', async () => {
    const { order } = await placeOrder(t);
    const held = (await orderRow(order.id)).hold_expires_at!;
    const cases: Array<[unknown, RegExp]> = [
      [new Date(held.getTime() - DAY).toISOString(), /later than the current end/],
      [new Date(Date.now() - 60_000).toISOString(), /in the future/],
      [inDays(31), /At most 30 days/],
      ['next week', /ISO 8601/],
      ['2026-12-20T17:00:00', /ISO 8601/],
      [1766250000000, /./],
    ];
    for (const [value, message] of cases) {
      const res = await extend(order.id, { hold_expires_at: value });
      expect([value, res.status, res.headers['content-type']]).toEqual([value, 422, expect.stringContaining('application/problem+json')]);
      expect([value, res.body.errors]).toEqual([value, [{ path: 'hold_expires_at', message: expect.stringMatching(message) }]]);
    }
    const unknown = await extend(order.id, { hold_expires_at: inDays(20), days: 7 });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([{ path: 'days', message: 'Unknown field.' }]);
    expect((await orderRow(order.id)).hold_expires_at).toEqual(held);
    expect(await historyOf(order.id, 'hold_extended')).toEqual([]);
  });

  it('refuses a paid, cancelled, expired or card order with 409 saying why, and changes nothing', async () => {
    const { order: paid } = await placeOrder(t);
    expect((await pay(paid.id, paid.total)).status).toBe(201);
    const { order: cancelled } = await placeOrder(t);
    await request(t.app).post(`/api/staff/orders/${cancelled.id}/cancel`).set('Authorization', `Bearer ${sales}`).expect(200);
    const { order: expired } = await placeOrder(t);
    await holdRanOut(t, expired.id);
    await expireOverdueOfflineOrders(t.ctx.db);
    const card = await placeCardOrder(t);
    const cases: Array<[string, string, RegExp]> = [
      [paid.id, 'order_not_awaiting_payment', /is paid/],
      [cancelled.id, 'order_not_awaiting_payment', /is cancelled/],
      [expired.id, 'order_not_awaiting_payment', /is expired/],
      [card.id, 'not_a_sales_order', /paid by card/],
    ];
    for (const [id, code, detail] of cases) {
      const before = await orderRow(id);
      const res = await extend(id, { hold_expires_at: inDays(20) });
      expect([code, res.status, res.body.code]).toEqual([code, 409, code]);
      expect(res.body.detail).toMatch(detail);
      expect((await orderRow(id)).hold_expires_at).toEqual(before.hold_expires_at);
    }
  });

  it('is for sales only, and 404 for no such order', async () => {
    const { order } = await placeOrder(t);
    expect((await extend(order.id, { hold_expires_at: inDays(20) }, await staffToken(t, ['finance']))).status).toBe(403);
    expect(
      (
        await request(t.app)
          .post(`/api/staff/orders/${order.id}/hold`)
          .send({ hold_expires_at: inDays(20) })
      ).status,
    ).toBe(401);
    expect((await extend('00000000-0000-4000-8000-000000000000', { hold_expires_at: inDays(20) })).status).toBe(404);
  });

  it('ends consistently when the expiry sweep and an extension arrive at once: extended and held, or expired and released, never both', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const outcomes: string[] = [];
    for (let round = 0; round < 8; round++) {
      const { order } = await placeOrder(t, seatedOrder(1));
      await holdRanOut(t, order.id);
      const end = inDays(10);
      // Every other round the sweep starts a moment later, so that each side gets to lock first.
      const sweep = async () => {
        if (round % 2) await new Promise((r) => setTimeout(r, 5 + round));
        return expireOverdueOfflineOrders(t.ctx.db);
      };
      const [, res] = await Promise.all([sweep(), extend(order.id, { hold_expires_at: end })]);
      const row = await orderRow(order.id);
      const expiries = await auditOf(order.id, 'order.expired');
      const extensions = await historyOf(order.id, 'hold_extended');
      // The shopper's email about the new end is written with the extension, or not at all.
      const emails = await t.ctx.db.selectFrom('emails').select('kind').where('order_id', '=', order.id).where('kind', '=', 'hold_extended').execute();
      expect(emails).toHaveLength(extensions.length);
      if (res.status === 200) {
        expect(row).toMatchObject({ status: 'awaiting_offline_payment', seats_held: true, hold_expires_at: new Date(end) });
        expect([expiries.length, extensions.length]).toEqual([0, 1]);
        outcomes.push('extended');
      } else {
        expect([res.status, res.body.code]).toEqual([409, 'order_not_awaiting_payment']);
        expect(row).toMatchObject({ status: 'expired', seats_held: false });
        expect([expiries.length, extensions.length]).toEqual([1, 0]);
        outcomes.push('expired');
      }
    }
    // Seats still taken are exactly those of the orders that were extended.
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + outcomes.filter((o) => o === 'extended').length);
    // An extended order is not expired by a later sweep either.
    await expireOverdueOfflineOrders(t.ctx.db);
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + outcomes.filter((o) => o === 'extended').length);
  });
});

describe('a clerk clearing an order’s flag with a note', () => {
  it('asks for the hold to move first on a part-paid order whose hold ran out, then clears the flag and keeps the note in the history', async () => {
    const { order } = await partlyPaidAndFlagged(t);
    expect(await orderRow(order.id)).toMatchObject({ needs_attention: true, attention_reason: 'offline_hold_expired_partly_paid' });
    const early = await clear(order.id, { note: 'Buyer pays the rest next week.' });
    expect([early.status, early.body.code]).toEqual([409, 'hold_still_expired']);
    expect((await orderRow(order.id)).needs_attention).toBe(true);
    expect((await extend(order.id, { hold_expires_at: inDays(7) })).status).toBe(200);
    const res = await clear(order.id, { note: '  Buyer pays the rest next week.  ' });
    expect(res.status).toBe(200);
    expect(res.body.order).toMatchObject({ needs_attention: false, attention_reason: null, status: 'awaiting_offline_payment' });
    expect(await historyOf(order.id, 'attention_cleared')).toEqual([
      expect.objectContaining({ actor: 'staff:sam', detail: { reason: 'offline_hold_expired_partly_paid', note: 'Buyer pays the rest next week.' } }),
    ]);
    const audit = await auditOf(order.id, 'order.attention_cleared');
    expect(audit).toEqual([expect.objectContaining({ actor: 'staff:sam', detail: { reason: 'offline_hold_expired_partly_paid' } })]);
    expect(JSON.stringify(audit)).not.toContain('next week');
    const detail = await request(t.app).get(`/api/staff/orders/${order.id}`).set('Authorization', `Bearer ${sales}`);
    expect(detail.body.history).toContainEqual(expect.objectContaining({ event: 'attention_cleared', actor: 'staff:sam' }));
    // The sweep does not flag it again: its hold has not run out.
    await expireOverdueOfflineOrders(t.ctx.db);
    expect((await orderRow(order.id)).needs_attention).toBe(false);
    const again = await clear(order.id, { note: 'Twice.' });
    expect([again.status, again.body.code]).toEqual([409, 'order_not_flagged']);
  });

  it('answers 409 for an order that is not flagged', async () => {
    const { order } = await placeOrder(t);
    const res = await clear(order.id, { note: 'Nothing to clear.' });
    expect([res.status, res.body.code]).toEqual([409, 'order_not_flagged']);
    expect(await historyOf(order.id, 'attention_cleared')).toEqual([]);
  });

  it('refuses a missing, empty or overlong note, and one holding a card number without echoing it, leaving the flag as it was', async () => {
    const { order } = await partlyPaidAndFlagged(t);
    await extend(order.id, { hold_expires_at: inDays(7) }).expect(200);
    for (const body of [{}, { note: '   ' }, { note: 'x'.repeat(501) }, { note: 'line\u0007bell' }]) {
      const res = await clear(order.id, body);
      expect([body, res.status, res.body.errors?.[0]?.path]).toEqual([body, 422, 'note']);
    }
    const card = await clear(order.id, { note: 'Paid with card 4242 4242 4242 4242 by phone' });
    expect(card.status).toBe(422);
    expect(card.body.code).toBe('card_data_refused');
    expect(card.body.errors).toEqual([{ path: 'note', message: expect.any(String) }]);
    expect(card.text).not.toMatch(/4242[ -]?4242/);
    expect((await orderRow(order.id)).needs_attention).toBe(true);
    const history = await t.ctx.db.selectFrom('order_history').select('detail').where('order_id', '=', order.id).execute();
    expect(JSON.stringify(history)).not.toMatch(/4242[ -]?4242/);
  });

  it('is for sales only', async () => {
    const { order } = await partlyPaidAndFlagged(t);
    expect((await clear(order.id, { note: 'Finance looked.' }, await staffToken(t, ['finance']))).status).toBe(403);
    expect((await orderRow(order.id)).needs_attention).toBe(true);
  });
});
