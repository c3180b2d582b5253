import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
useTestApp((app) => (t = app));

let keySeq = 0;
const order = (body: Record<string, unknown>, key: string | null = `validation-${++keySeq}`) => {
  const req = request(t.app).post('/api/orders');
  if (key !== null) req.set('Idempotency-Key', key);
  return req.send(body);
};
const valid = {
  items: [{ sku: 'TRN-ADMIN', quantity: 2 }],
  currency: 'EUR',
  payment_method: 'sales',
  customer: { name: 'Grace Hopper', email: 'Grace@Example.COM', country: 'de' },
};
const withCustomer = (c: Record<string, unknown>) => ({ ...valid, customer: { ...valid.customer, ...c } });

async function counts() {
  const orders = await t.ctx.db
    .selectFrom('orders')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const seats = await t.ctx.db.selectFrom('products').select('seats_taken').where('sku', '=', 'TRN-ADMIN').executeTakeFirstOrThrow();
  return { orders: Number(orders.n), seats: seats.seats_taken };
}

const expectFieldError = (res: request.Response, status: number, path: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
};

describe('placing an order with bad input', () => {
  it.each([
    ['a missing Idempotency-Key', null],
    ['an Idempotency-Key with a space', 'has space'],
    ['an Idempotency-Key over 255 characters', 'k'.repeat(256)],
  ])('refuses %s with 400', async (_label, key) => {
    expectFieldError(await order(valid, key), 400, 'header.Idempotency-Key');
  });

  it.each([
    ['an unknown sku', { ...valid, items: [{ sku: 'NOPE-1', quantity: 1 }] }, 'items.0.sku'],
    ['a malformed sku', { ...valid, items: [{ sku: 'no pe', quantity: 1 }] }, 'items.0.sku'],
    ['a lower-case currency', { ...valid, currency: 'eur' }, 'currency'],
    ['a currency the catalog has no price in', { ...valid, currency: 'CHF' }, 'items.0.sku'],
    ['quantity 0', { ...valid, items: [{ sku: 'SW-STD', quantity: 0 }] }, 'items.0.quantity'],
    ['quantity 101', { ...valid, items: [{ sku: 'SW-STD', quantity: 101 }] }, 'items.0.quantity'],
    ['a fractional quantity', { ...valid, items: [{ sku: 'SW-STD', quantity: 1.5 }] }, 'items.0.quantity'],
    ['more seats than are left', { ...valid, items: [{ sku: 'TRN-ADMIN', quantity: 13 }] }, 'items.0.quantity'],
    [
      'the same sku twice',
      {
        ...valid,
        items: [
          { sku: 'SW-STD', quantity: 1 },
          { sku: 'SW-STD', quantity: 1 },
        ],
      },
      'items',
    ],
    ['no items', { ...valid, items: [] }, 'items'],
    ['an unknown payment method', { ...valid, payment_method: 'crypto' }, 'payment_method'],
    ['a malformed email', withCustomer({ email: 'not-an-email' }), 'customer.email'],
    ['an unknown country', withCustomer({ country: 'XX' }), 'customer.country'],
    ['a NUL in the name', withCustomer({ name: 'Grace\u0000Hopper' }), 'customer.name'],
    ['a bidirectional override in the name', withCustomer({ name: 'Grace \u202eHopper' }), 'customer.name'],
    ['an empty name', withCustomer({ name: '   ' }), 'customer.name'],
    ['letters in the phone number', withCustomer({ phone: 'call me' }), 'customer.phone'],
    ['a string where a flag belongs', { ...valid, contact_me: 'yes' }, 'contact_me'],
  ])('refuses %s with 422 naming the field, and writes nothing', async (_label, body, path) => {
    const before = await counts();
    expectFieldError(await order(body), 422, path);
    expect(await counts()).toEqual(before);
  });
});

describe('placing a pay-via-sales order', () => {
  it('prices it from the catalog with the country tax, holds its seats, and answers the offline next step', async () => {
    const before = await counts();
    const res = await order(valid).expect(201);
    expect(res.body.order).toMatchObject({
      status: 'awaiting_offline_payment',
      payment_method: 'sales',
      currency: 'EUR',
      items: [{ sku: 'TRN-ADMIN', quantity: 2, unit_amount: 82000, amount: 164000 }],
      subtotal: 164000,
      tax: 31160,
      total: 195160,
      amount_paid: 0,
      amount_refunded: 0,
      paid_at: null,
    });
    expect(res.body.order.number).toMatch(/^HO-\d{4}-\d{6}$/);
    expect(res.body.next).toMatchObject({ type: 'offline', reference: expect.stringMatching(/^HO-[2-9A-Z]{8}$/) });
    expect(res.body.next.instructions).toContain(res.body.next.reference);
    expect(await counts()).toEqual({ orders: before.orders + 1, seats: before.seats + 2 });
    const stored = await t.ctx.db.selectFrom('orders').select(['customer_email', 'customer_country']).where('id', '=', res.body.order.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ customer_email: 'grace@example.com', customer_country: 'DE' });
  });

  it('shows the order only to the holder of its token, as JSON and as a page', async () => {
    const a = await order(valid).expect(201);
    const b = await order(valid).expect(201);
    await request(t.app).get(`/api/orders/${a.body.order.id}`).set('Authorization', `Bearer ${a.body.order_token}`).expect(200);
    await request(t.app).get(`/api/orders/${a.body.order.id}`).set('Authorization', `Bearer ${b.body.order_token}`).expect(401);
    await request(t.app).get(`/api/orders/${a.body.order.id}`).expect(401);
    const page = await request(t.app).get(`/orders/${a.body.order.id}`).query({ token: a.body.order_token }).expect(200);
    expect(page.text).toContain(a.body.order.number);
    expect(page.text).toContain(a.body.next.reference);
    expect(page.text).not.toMatch(/<input|<form|<script/i);
    await request(t.app).get(`/orders/${a.body.order.id}`).query({ token: b.body.order_token }).expect(401);
  });
});
