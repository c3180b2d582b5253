import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let orderId: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  orderId = (await placeOrder(t)).order.id;
});

type Method = 'get' | 'post' | 'patch';
const routes = (): Array<[Method, string, string[], Record<string, unknown> | undefined]> => [
  ['get', '/api/staff/orders', ['sales', 'finance'], undefined],
  ['get', `/api/staff/orders/${orderId}`, ['sales', 'finance'], undefined],
  ['post', `/api/staff/orders/${orderId}/payments`, ['sales'], { amount: 1, currency: 'EUR', method: 'check', reference: 'x' }],
  ['post', `/api/staff/orders/${orderId}/cancel`, ['sales'], {}],
  ['get', '/api/admin/partners', ['admin'], undefined],
  ['post', '/api/admin/partners', ['admin'], { name: 'P', countries: ['DE'], referral_url: 'https://partner.example/referrals' }],
  ['patch', '/api/admin/partners/00000000-0000-4000-8000-000000000000', ['admin'], { active: false }],
  ['post', '/api/admin/products', ['admin'], { sku: 'NEW-1', name: 'New', kind: 'software', prices: { USD: 100 } }],
  ['patch', '/api/admin/products/SW-STD', ['admin'], { active: true }],
];
const call = (method: Method, path: string, body: Record<string, unknown> | undefined, auth?: string) => {
  const req = request(t.app)[method](path);
  if (auth !== undefined) req.set('Authorization', auth);
  return body ? req.send(body) : req;
};
const ALL_ROLES = ['sales', 'finance', 'admin'];

describe('staff and admin routes', () => {
  it('answer 401 without a token, with a malformed one, or with another scheme, and change nothing', async () => {
    for (const [method, path, , body] of routes()) {
      for (const auth of [undefined, 'Bearer not.a.jwt', 'Basic c2FtOnNlY3JldA==']) {
        const res = await call(method, path, body, auth);
        expect([method, path, auth, res.status]).toEqual([method, path, auth, 401]);
        expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
    const order = await t.ctx.db.selectFrom('orders').select(['status', 'amount_paid']).where('id', '=', orderId).executeTakeFirstOrThrow();
    expect(order).toEqual({ status: 'awaiting_offline_payment', amount_paid: 0 });
  });

  it('answer 401 to an expired token holding every role', async () => {
    const expired = await staffToken(t, ALL_ROLES, { ttl: '-1m' });
    for (const [method, path, , body] of routes()) expect((await call(method, path, body, `Bearer ${expired}`)).status).toBe(401);
  });

  it('answer 401 to a token holding every role that lives a hundred years', async () => {
    const century = await staffToken(t, ALL_ROLES, { ttl: '36500d' });
    for (const [method, path, , body] of routes()) expect((await call(method, path, body, `Bearer ${century}`)).status).toBe(401);
    expect((await call('get', '/api/staff/orders', undefined, `Bearer ${await staffToken(t, ['sales'], { ttl: '12h' })}`)).status).toBe(200);
  });

  it('answer 403 to a valid token without the role, and change nothing', async () => {
    for (const [method, path, roles, body] of routes()) {
      const others = ALL_ROLES.filter((r) => !roles.includes(r));
      const res = await call(method, path, body, `Bearer ${await staffToken(t, others)}`);
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }
    expect(await t.ctx.db.selectFrom('partners').selectAll().execute()).toEqual([]);
    expect(await t.ctx.db.selectFrom('products').select('sku').where('sku', '=', 'NEW-1').execute()).toEqual([]);
  });
});
