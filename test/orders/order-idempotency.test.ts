import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { sessionsAtProcessor } from '../helpers/processor';
import { orderBody, postOrder } from '../helpers/orders';
import { eventually, ordersNamed } from '../helpers/records';

/** POST /api/orders and its Idempotency-Key, as the contract says: a retry never orders twice. */
let t: TestApp;
useTestApp((app) => (t = app));

test('the same key with the same body replays the first answer: one order, one session', async () => {
  const key = randomUUID();
  const email = 'replay@example.com';
  const first = await postOrder(t, { key, customer: { email } });
  const again = await postOrder(t, { key, customer: { email } });

  expect(first.status).toBe(201);
  expect(first.headers['idempotent-replayed']).toBeUndefined();
  expect(again.status).toBe(201);
  expect(again.headers['idempotent-replayed']).toBe('true');
  expect(again.body.order).toEqual(first.body.order);
  expect(again.body.next).toEqual(first.body.next);
  expect(await ordersNamed(t, email)).toHaveLength(1);
  expect(await sessionsAtProcessor(t, first.body.order.id)).toHaveLength(1);
});

test('the same key with another body is refused with 422 and orders nothing', async () => {
  const key = randomUUID();
  const email = 'other-body@example.com';
  expect((await postOrder(t, { key, customer: { email } })).status).toBe(201);
  const other = await postOrder(t, { key, customer: { email }, items: [{ sku: 'SW-PRO', quantity: 2 }] });

  expect(other.status).toBe(422);
  expect(other.type).toBe('application/problem+json');
  expect(other.body).toMatchObject({ code: 'idempotency_key_reused', errors: [{ path: 'header.Idempotency-Key' }] });
  expect(await ordersNamed(t, email)).toHaveLength(1);
});

test('a second request while the first with the same key is still running is 409; the first then completes', async () => {
  await t.processor.latency(1500);
  const key = randomUUID();
  const email = 'running@example.com';
  const first = postOrder(t, { key, customer: { email } }).then((r) => r);
  // The first has written its order and waits for the processor.
  await eventually(
    'the first order to be written',
    () => ordersNamed(t, email),
    (o) => o.length === 1,
  );

  const second = await postOrder(t, { key, customer: { email } });

  expect(second.status).toBe(409);
  expect(second.body.code).toBe('idempotency_key_in_use');
  expect((await first).status).toBe(201);
  expect(await ordersNamed(t, email)).toHaveLength(1);
});

test.each([
  ['missing', undefined, 'idempotency_key_missing'],
  ['empty', '', 'idempotency_key_malformed'],
  ['with spaces', 'not a key', 'idempotency_key_malformed'],
  ['too long', 'k'.repeat(256), 'idempotency_key_malformed'],
])('when the Idempotency-Key is %s, the answer is 400 naming the header', async (_what, key, code) => {
  const req = request(t.baseUrl).post('/api/orders');
  if (key !== undefined) req.set('Idempotency-Key', key);
  const res = await req.send(orderBody({ customer: { email: 'nokey@example.com' } }));

  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({ code, errors: [{ path: 'header.Idempotency-Key' }] });
  expect(await ordersNamed(t, 'nokey@example.com')).toHaveLength(0);
});
