import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, useTestApp, type TestApp } from '../../helpers/app';
import { sessionsAtProcessor } from '../../helpers/processor';
import { postOrder } from '../../helpers/orders';
import { eventually, ordersNamed, seatsLeft } from '../../helpers/records';

/** The processor failing or slow: the shopper is told to retry, the retry finishes the same order
 * with one session, and no database connection waits on the processor. */
describe('when the processor is down', () => {
  let t: TestApp;
  useTestApp((app) => (t = app));

  // The SDK retries twice by itself, so three failures make one failed checkout.
  test.each([
    ['answers 500 before doing anything', false],
    ['creates the session but the answer is lost', true],
  ])('and %s: 503 with Retry-After, and the retry with the same key gives one order with one session', async (_what, after) => {
    const key = randomUUID();
    const email = `outage-${after}@example.com`;
    const seats = await seatsLeft(t, 'TRN-ADMIN');
    await t.processor.failNext(3, '500', { path: '/v1/checkout/sessions', method: 'POST', after });

    const failed = await postOrder(t, { key, customer: { email }, items: [{ sku: 'TRN-ADMIN', quantity: 1 }] });
    expect(failed.status).toBe(503);
    expect(failed.type).toBe('application/problem+json');
    expect(failed.headers['retry-after']).toMatch(/^\d+$/);
    const [pending] = await ordersNamed(t, email);
    expect(pending).toMatchObject({ status: 'pending_payment', processor_session_id: null });
    expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(seats! - 1);

    const retried = await postOrder(t, { key, customer: { email }, items: [{ sku: 'TRN-ADMIN', quantity: 1 }] });
    expect(retried.status).toBe(201);
    expect(retried.body.order.id).toBe(pending!.id);
    expect(retried.body.next.url).toContain('/c/pay/cs_');
    expect(await ordersNamed(t, email)).toHaveLength(1);
    expect(await sessionsAtProcessor(t, pending!.id)).toHaveLength(1);
    expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(seats! - 1);
  });
});

test('with 2 s of processor latency and more checkouts than pool connections, every checkout completes and /readyz answers while they wait', async () => {
  const t = await startTestApp({}, { poolMax: 2 });
  try {
    await t.processor.latency(2000);
    const email = 'slow@example.com';
    const checkouts = Array.from({ length: 6 }, () => postOrder(t, { customer: { email } }).then((r) => r));
    // All six orders are written and waiting on the processor...
    await eventually(
      'six orders waiting for the processor',
      () => ordersNamed(t, email),
      (o) => o.length === 6,
    );

    const ready = await request(t.baseUrl).get('/readyz');

    expect(ready.status).toBe(200);
    // ...and were still waiting when /readyz answered: no connection was held across the call.
    expect((await ordersNamed(t, email)).filter((o) => o.processor_session_id === null).length).toBeGreaterThan(0);
    const done = await Promise.all(checkouts);
    expect(done.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
  } finally {
    await t.close();
  }
});
