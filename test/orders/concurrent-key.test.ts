import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';

let t: TestApp;
useTestApp((app) => (t = app));

const body = {
  items: [{ sku: 'TRN-ADMIN', quantity: 1 }],
  currency: 'EUR',
  payment_method: 'sales',
  customer: { name: 'Grace Hopper', email: 'grace@example.com', country: 'DE' },
};

const seatsTaken = async () => (await t.ctx.db.selectFrom('products').select('seats_taken').where('sku', '=', 'TRN-ADMIN').executeTakeFirstOrThrow()).seats_taken;

test('ten identical requests with one Idempotency-Key at once place one order and hold its seat once', async () => {
  const before = await seatsTaken();
  const answers = await Promise.all(Array.from({ length: 10 }, () => request(t.app).post('/api/orders').set('Idempotency-Key', 'same-key-at-once').send(body)));
  const statuses = answers.map((a) => a.status);
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  expect(statuses).toContain(201);
  const ids = new Set(answers.filter((a) => a.status === 201).map((a) => a.body.order.id));
  expect(ids.size).toBe(1);
  const orders = await t.ctx.db.selectFrom('orders').select('id').where('customer_email', '=', 'grace@example.com').execute();
  expect(orders.map((o) => o.id)).toEqual([...ids]);
  expect(await seatsTaken()).toBe(before + 1);
  // Once the first has finished, the key replays it.
  const later = await request(t.app).post('/api/orders').set('Idempotency-Key', 'same-key-at-once').send(body).expect(201);
  expect(later.headers['idempotent-replayed']).toBe('true');
  expect(later.body.order.id).toBe([...ids][0]);
});
