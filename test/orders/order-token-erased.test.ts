import { sql } from 'kysely';
import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { postOrder } from '../helpers/orders';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

/** An order token is the shopper's key to their order. Once their personal data is erased or
 * pseudonymised it opens nothing: not the API, not the page, not a link in an old email. */
let t: TestApp;
useTestApp((app) => (t = app));

async function orderWithToken(email: string) {
  const res = await postOrder(t, { ...salesOrder({}, { email }), key: `erased-${email}` });
  expect(res.status).toBe(201);
  return { id: res.body.order.id as string, token: res.body.order_token as string };
}
const viaApi = (o: { id: string; token: string }) => request(t.app).get(`/api/orders/${o.id}`).set('Authorization', `Bearer ${o.token}`);
const viaPage = (o: { id: string; token: string }) => request(t.app).get(`/orders/${o.id}`).query({ token: o.token });

function expectRefused(res: request.Response) {
  expect(res.status).toBe(401);
  expect(res.type).toBe('application/problem+json');
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.text).not.toMatch(/erase|pseudonym/i);
}

test("an erased person's order token: 401 on GET /api/orders/:id and on the order's page, as a wrong token is", async () => {
  const order = await orderWithToken('erase.me@example.com');
  expect((await viaApi(order)).status).toBe(200);
  expect((await viaPage(order)).status).toBe(200);

  const admin = await staffToken(t, ['admin'], { sub: 'ada' });
  await request(t.app).post('/api/admin/privacy/erasures').set('Authorization', `Bearer ${admin}`).send({ email: 'erase.me@example.com' }).expect(201);

  const api = await viaApi(order);
  const page = await viaPage(order);
  expectRefused(api);
  expectRefused(page);
  const wrong = await viaApi({ id: order.id, token: `${order.token}x` });
  expect(api.body).toEqual(wrong.body);
});

test('an order pseudonymised by the retention sweep: its token opens nothing either', async () => {
  const order = await orderWithToken('long.ago@example.com');
  await sql`update orders set created_at = now() - interval '3000 days' where id = ${order.id}`.execute(t.ctx.db);
  await t.worker.runOnce();
  expect((await t.ctx.db.selectFrom('orders').select('erased_at').where('id', '=', order.id).executeTakeFirstOrThrow()).erased_at).not.toBeNull();
  expectRefused(await viaApi(order));
  expectRefused(await viaPage(order));
});

test("erasing one person leaves another person's token working", async () => {
  const other = await orderWithToken('stays@example.com');
  await placeOrder(t, salesOrder({}, { email: 'erase.too@example.com' }));
  const admin = await staffToken(t, ['admin'], { sub: 'ada' });
  await request(t.app).post('/api/admin/privacy/erasures').set('Authorization', `Bearer ${admin}`).send({ email: 'erase.too@example.com' }).expect(201);
  expect((await viaApi(other)).status).toBe(200);
  expect((await viaPage(other)).status).toBe(200);
});
