import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app';
import { seatedOrder } from '../../helpers/sales';
import { backendsWaitingOnLock, halfWritten, lockProduct, nothingHalfWritten, onServer, operatorSession, terminateAllBackends } from '../../helpers/db-faults';

/** The app runs in this test process: a connection error nobody handles would end it, and the file
 * with it. Long lock waits, so requests are still in flight when their backends are terminated. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: '30000', DATABASE_STATEMENT_TIMEOUT_MS: '30000' });
}, 60_000);
afterAll(() => t.close());

const order = (key: string) => request(t.baseUrl).post('/api/orders').set('Idempotency-Key', key).send(seatedOrder(1));

onServer('a terminated backend', () => {
  it('fails only the request that was using it, with a retryable 503; the process keeps serving and the retry places the order once', async () => {
    const lock = await lockProduct(t.database.url, 'EVT-SUMMIT');
    const operator = await operatorSession(t.database.url);
    try {
      const key = randomUUID();
      const inFlight = order(key).then((r) => r);
      const [pid] = await backendsWaitingOnLock(operator, 1);
      await operator.query('select pg_terminate_backend($1)', [pid]);
      const res = await inFlight;
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({ status: 503, code: 'database_unavailable' });
      await lock.release();

      await request(t.app).get('/api/products').expect(200);
      const retried = await order(key);
      expect(retried.status).toBe(201);
      expect(await t.ctx.db.selectFrom('orders').select('id').execute()).toHaveLength(1);
      expect(await halfWritten(t)).toEqual(nothingHalfWritten);
    } finally {
      await lock.release();
      await operator.end();
    }
  });

  it('when every backend of the database is terminated during 40 concurrent orders, those in flight get 503, the rest succeed, and each retry places its order once', async () => {
    const before = (await t.ctx.db.selectFrom('orders').select('id').execute()).length;
    const lock = await lockProduct(t.database.url, 'EVT-SUMMIT');
    const operator = await operatorSession(t.database.url);
    try {
      const keys = Array.from({ length: 40 }, () => randomUUID());
      const answers = Promise.all(keys.map((key) => order(key).then((r) => r)));
      // The pool's ten connections are all waiting on the lock; the other thirty wait for the pool.
      await backendsWaitingOnLock(operator, 5);
      // The lock holder's backend is one of them: the waiters proceed on new connections.
      expect(await terminateAllBackends(operator)).toBeGreaterThanOrEqual(6);
      const results = await answers;

      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 201 || s === 503)).toBe(true);
      const failed = results.flatMap((r, i) => (r.status === 503 ? [keys[i]!] : []));
      expect(failed.length).toBeGreaterThanOrEqual(5);
      expect(statuses.filter((s) => s === 201).length).toBeGreaterThan(0);
      for (const r of results.filter((x) => x.status === 503)) {
        expect(r.body.code).toBe('database_unavailable');
        expect(r.headers['retry-after']).toBeDefined();
      }

      for (const key of failed) expect((await order(key)).status).toBe(201);
      // Retried once more: every key replays the order it placed, none places a second one.
      const replays = await Promise.all(keys.map((key) => order(key)));
      expect(replays.map((r) => r.status)).toEqual(keys.map(() => 201));
      expect(replays.every((r) => r.headers['idempotent-replayed'] === 'true')).toBe(true);
      expect(new Set(replays.map((r) => r.body.order.id)).size).toBe(40);
      expect((await t.ctx.db.selectFrom('orders').select('id').execute()).length).toBe(before + 40);
      expect(await halfWritten(t)).toEqual(nothingHalfWritten);
      await request(t.app).get('/readyz').expect(200);
    } finally {
      await lock.release();
      await operator.end();
    }
  });
});
