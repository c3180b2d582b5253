import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder, seatedOrder, seatsTaken } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  sales = await staffToken(t, ['sales']);
});

const pay = (id: string, body: Record<string, unknown>, token = sales) =>
  request(t.app).post(`/api/staff/orders/${id}/payments`).set('Authorization', `Bearer ${token}`).send(body);
const payment = (amount: number, over: Record<string, unknown> = {}) => ({ amount, currency: 'EUR', method: 'bank_transfer', reference: 'SEPA 2026-11-30 HO-X', ...over });
const detail = async (id: string) => (await request(t.app).get(`/api/staff/orders/${id}`).set('Authorization', `Bearer ${sales}`)).body;

describe('a shopper paying via sales', () => {
  it('gets a payment reference and bank instructions naming it, with the seats held', async () => {
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const { order, next } = await placeOrder(t, seatedOrder(2));
    expect(order.status).toBe('awaiting_offline_payment');
    expect(next).toEqual({ type: 'offline', reference: expect.stringMatching(/^HO-[2-9A-Z]{8}$/), instructions: expect.stringContaining(next.reference) });
    expect(next.instructions).toMatch(/IBAN/);
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 2);
  });

  it('is paid once partial payments add up to the total', async () => {
    const { order } = await placeOrder(t);
    const first = await pay(order.id, payment(order.total - 1000));
    expect(first.status).toBe(201);
    expect(first.body.order).toMatchObject({ status: 'awaiting_offline_payment', amount_paid: order.total - 1000, outstanding: 1000 });
    const second = await pay(order.id, payment(1000, { method: 'check', reference: 'Cheque 000123' }));
    expect(second.status).toBe(201);
    expect(second.body.order).toMatchObject({ status: 'paid', amount_paid: order.total, outstanding: 0, paid_at: expect.any(String) });
    const whole = await detail(order.id);
    expect(whole.payments.map((p: { amount: number; method: string; recorded_by: string }) => [p.amount, p.method, p.recorded_by])).toEqual([
      [order.total - 1000, 'bank_transfer', 'staff:sam'],
      [1000, 'check', 'staff:sam'],
    ]);
  });

  it('refuses a payment above what is outstanding, naming the amount field', async () => {
    const { order } = await placeOrder(t);
    await pay(order.id, payment(500));
    const res = await pay(order.id, payment(order.total, { reference: 'SEPA second transfer' }));
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'overpayment', errors: [{ path: 'amount', message: `At most ${order.total - 500} (${((order.total - 500) / 100).toFixed(2)} EUR).` }] });
    expect((await detail(order.id)).amount_paid).toBe(500);
  });

  it('refuses a payment in another currency', async () => {
    const { order } = await placeOrder(t);
    const res = await pay(order.id, payment(100, { currency: 'USD' }));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'currency_mismatch', errors: [{ path: 'currency' }] });
    expect((await detail(order.id)).payments).toEqual([]);
  });

  it('refuses a payment for an order that is paid already, or is a card order', async () => {
    const { order } = await placeOrder(t);
    await pay(order.id, payment(order.total));
    expect((await pay(order.id, payment(1, { reference: 'SEPA late transfer' }))).body.code).toBe('order_not_awaiting_payment');
    const card = await placeOrder(t, salesOrder({ payment_method: 'card' }));
    expect(card.order.status).toBe('pending_payment');
    const res = await pay(card.order.id, payment(1));
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/by card/);
  });

  it.each([
    ['a zero amount', { amount: 0 }, 'amount'],
    ['a fractional amount', { amount: 10.5 }, 'amount'],
    ['an amount as a string', { amount: '100' }, 'amount'],
    ['method card', { method: 'card' }, 'method'],
    ['no reference', { reference: undefined }, 'reference'],
    ['a lowercase currency', { currency: 'eur' }, 'currency'],
    ['an unknown field', { note: 'hi' }, 'note'],
  ])('answers 422 naming the field for %s', async (_what, change, field) => {
    const { order } = await placeOrder(t);
    const res = await pay(order.id, { ...payment(100), ...change });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it('refuses a card number typed into the reference, and stores nothing', async () => {
    const { order } = await placeOrder(t);
    const res = await pay(order.id, payment(100, { reference: 'paid by card 4242 4242 4242 4242' }));
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).not.toMatch(/4242 ?4242/);
    expect((await detail(order.id)).payments).toEqual([]);
  });

  it('answers 404 for an order that does not exist and 400 for an id that is not one', async () => {
    expect((await pay('00000000-0000-4000-8000-000000000000', payment(1))).status).toBe(404);
    expect((await pay('not-an-id', payment(1))).status).toBe(400);
  });

  it('writes each payment to the audit log with who, and the amounts before and after, but no personal data', async () => {
    const { order } = await placeOrder(t, salesOrder({}, { name: 'Ada Audit', email: 'ada.audit@example.com' }));
    await pay(order.id, payment(700));
    const entries = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', order.id).execute();
    expect(entries).toEqual([
      expect.objectContaining({
        actor: 'staff:sam',
        action: 'order.payment_recorded',
        subject_type: 'order',
        before: expect.objectContaining({ status: 'awaiting_offline_payment', amount_paid: 0 }),
        after: expect.objectContaining({ status: 'awaiting_offline_payment', amount_paid: 700 }),
        detail: { amount: 700, currency: 'EUR', method: 'bank_transfer' },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/Ada|ada\.audit|SEPA/);
  });
});

describe('two clerks recording the final payment at the same moment', () => {
  it('ends with the order paid once: for two different transfers one answer 201, the other 422', async () => {
    const clerkA = await staffToken(t, ['sales'], { sub: 'alice' });
    const clerkB = await staffToken(t, ['sales'], { sub: 'bob' });
    for (let round = 0; round < 5; round++) {
      const { order: o } = await placeOrder(t);
      const answers = await Promise.all([
        pay(o.id, payment(o.total, { reference: `SEPA A-${round}` }), clerkA),
        pay(o.id, payment(o.total, { reference: `SEPA B-${round}` }), clerkB),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 422]);
      const whole = await detail(o.id);
      expect(whole).toMatchObject({ status: 'paid', amount_paid: o.total });
      expect(whole.payments).toHaveLength(1);
    }
  });

  it('records the same transfer once when both clerks enter it: one 201, one 200 replay', async () => {
    const clerkA = await staffToken(t, ['sales'], { sub: 'alice' });
    const clerkB = await staffToken(t, ['sales'], { sub: 'bob' });
    const { order: o } = await placeOrder(t);
    const answers = await Promise.all([pay(o.id, payment(o.total), clerkA), pay(o.id, payment(o.total), clerkB)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers.find((a) => a.status === 200)!.headers['idempotent-replayed']).toBe('true');
    const whole = await detail(o.id);
    expect(whole).toMatchObject({ status: 'paid', amount_paid: o.total });
    expect(whole.payments).toHaveLength(1);
  });
});

describe('a payment recorded again (a retry or a double click)', () => {
  it('is the payment already recorded, not a second one', async () => {
    const { order } = await placeOrder(t);
    expect((await pay(order.id, payment(700))).status).toBe(201);
    const again = await pay(order.id, payment(700));
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.order).toMatchObject({ amount_paid: 700 });
    expect((await detail(order.id)).payments).toHaveLength(1);
  });

  it('with the same reference but another amount is refused with 422 naming the reference', async () => {
    const { order } = await placeOrder(t);
    expect((await pay(order.id, payment(700))).status).toBe(201);
    const other = await pay(order.id, payment(800));
    expect(other.status).toBe(422);
    expect(other.body.errors).toEqual([{ path: 'reference', message: expect.any(String) }]);
    expect((await detail(order.id)).payments).toHaveLength(1);
  });
});
