import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app';
import { seatedOrder } from '../../helpers/sales';
import { halfWritten, lockProduct, nothingHalfWritten, onServer } from '../../helpers/db-faults';

let t: TestApp;

onServer('an overloaded database', () => {
  beforeAll(async () => {
    t = await startTestApp({ DATABASE_LOCK_TIMEOUT_MS: '1000', DATABASE_ACQUIRE_TIMEOUT_MS: '1000' }, { poolMax: 2 });
  }, 60_000);
  afterAll(() => t.close());

  it('answers an order 503 database_busy once it has waited lock_timeout for a row locked longer, and places it when the lock is gone', async () => {
    const lock = await lockProduct(t.database.url, 'EVT-SUMMIT');
    const key = randomUUID();
    try {
      const started = Date.now();
      const res = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(seatedOrder(1));
      const waited = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toMatchObject({ status: 503, code: 'database_busy' });
      expect(waited).toBeGreaterThanOrEqual(900);
      expect(waited).toBeLessThan(4000);
      // Other products are not locked: the shop keeps selling them meanwhile.
      await request(t.app)
        .post('/api/orders')
        .set('Idempotency-Key', randomUUID())
        .send(seatedOrder(1, { items: [{ sku: 'SW-STD', quantity: 1 }] }))
        .expect(201);
    } finally {
      await lock.release();
    }
    await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(seatedOrder(1)).expect(201);
    expect(await halfWritten(t)).toEqual(nothingHalfWritten);
  });

  it('answers 503 database_busy when no pooled connection frees up in time', async () => {
    const held = await Promise.all([t.ctx.pool.connect(), t.ctx.pool.connect()]);
    try {
      const res = await request(t.app).get('/api/products');
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.body).toMatchObject({ code: 'database_busy' });
    } finally {
      for (const client of held) client.release();
    }
    await request(t.app).get('/api/products').expect(200);
    const metrics = (await request(t.app).get('/metrics')).text;
    expect(metrics).toMatch(/^http_problem_responses_total\{status="503",code="database_busy"\} 2$/m);
  });
});
