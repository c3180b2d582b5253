import request from 'supertest';
import { staffToken } from '../helpers/staff-token';
import { useCardTestApp, type CardTestApp } from '../helpers/app';
import { placeCardOrder, postOrder } from '../helpers/orders';

let t: CardTestApp;
let admin: string;
useCardTestApp((app) => (t = app));
beforeAll(async () => {
  admin = await staffToken(t, ['admin'], { sub: 'ada' });
});

const create = (sku: string, prices: Record<string, number>) =>
  request(t.app).post('/api/admin/products').set('Authorization', `Bearer ${admin}`).send({ sku, name: sku, kind: 'software', capacity: null, prices });

describe('prices and charges the processor would refuse are refused by us first', () => {
  it.each([
    ['a KWD price not ending in 0', { KWD: 12345 }, 'prices.KWD', /multiple of 10/],
    ['an ISK price with decimals', { ISK: 50050 }, 'prices.ISK', /multiple of 100/],
    ['a EUR price under the minimum charge', { EUR: 40 }, 'prices.EUR', /At least 50/],
    ['a price over the eight-digit limit', { USD: 100_000_000 }, 'prices.USD', /At most/],
    ['a currency the processor does not take', { XTS: 100 }, 'prices.XTS', /./],
  ])('%s: 422 naming the price', async (_what, prices, path, message) => {
    const res = await create('SW-REFUSED', prices);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('an order whose total is over the limit: 422 before any session is opened', async () => {
    expect((await create('SW-BIG', { USD: 60_000_000 })).status).toBe(201);
    const res = await postOrder(t, { items: [{ sku: 'SW-BIG', quantity: 2 }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'items', message: expect.stringMatching(/At most 99999999/) }]);
    expect(await t.ctx.db.selectFrom('orders').select('id').where('total', '>', 99_999_999).execute()).toEqual([]);
  });
});

describe('orders in currencies with special rules', () => {
  it('a KWD order taxed at 19% totals a multiple of 10 fils and the processor opens its session', async () => {
    expect((await create('SW-KWD', { KWD: 12340 })).status).toBe(201);
    const placed = await placeCardOrder(t, { items: [{ sku: 'SW-KWD', quantity: 1 }], currency: 'KWD', customer: { country: 'DE' } });
    const order = await t.ctx.db.selectFrom('orders').selectAll().where('id', '=', placed.id).executeTakeFirstOrThrow();
    expect(order).toMatchObject({ subtotal: 12340, tax: 2340, total: 14680 });
    expect(order.total % 10).toBe(0);
    const session = await t.ctx.stripe.checkout.sessions.retrieve(placed.sessionId);
    expect(session).toMatchObject({ currency: 'kwd', amount_total: 14680 });
  });

  it('an ISK order is charged in two-decimal units: 5,000 kr is 500000 at the processor', async () => {
    expect((await create('SW-ISK', { ISK: 500000 })).status).toBe(201);
    const placed = await placeCardOrder(t, { items: [{ sku: 'SW-ISK', quantity: 1 }], currency: 'ISK', customer: { country: 'DE' } });
    const session = await t.ctx.stripe.checkout.sessions.retrieve(placed.sessionId);
    expect(session).toMatchObject({ currency: 'isk', amount_total: 500000 + 95000 });
    const page = await request(t.app).get(`/orders/${placed.id}`).query({ token: placed.token });
    expect(page.text).toContain('5950.00 ISK');
    const view = await request(t.app).get(`/api/orders/${placed.id}`).set('Authorization', `Bearer ${placed.token}`);
    expect(view.body).toMatchObject({ currency: 'ISK', total: 595000 });
  });
});
