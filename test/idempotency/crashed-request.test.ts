import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { controls } from '../../sandbox/client';
import { startTestApp, type TestApp } from '../helpers/app';
import { startService, type RunningService } from '../helpers/service';
import { onServer } from '../helpers/db-faults';
import { orderBody } from '../helpers/orders';

let t: TestApp;
let crashing: RunningService | undefined;

onServer('an Idempotency-Key whose request died with its process', () => {
  beforeAll(async () => {
    t = await startTestApp();
  }, 60_000);
  afterAll(async () => {
    crashing?.signal('SIGKILL');
    await controls(t.sandbox).clearFaults();
    await t.close();
  });

  it('stays taken while the request runs, past one lease, and is taken over within seconds of a kill -9; the retry finishes the same order', async () => {
    // A second instance of the service on the same database and processor.
    crashing = await startService({
      DATABASE_URL: t.database.url,
      DATA_DIR: t.dataDir,
      STRIPE_SECRET_KEY: t.sandbox.secretKey,
      STRIPE_WEBHOOK_SECRET: t.sandbox.webhookSecret,
      STRIPE_API_URL: t.sandbox.url,
      NODE_EXTRA_CA_CERTS: t.sandbox.caPath,
      STRIPE_TIMEOUT_MS: '120000',
    });
    // The processor hangs: the order is written, and the request waits for its payment page.
    await controls(t.sandbox).latency(120_000);
    const key = randomUUID();
    const body = orderBody({ items: [{ sku: 'EVT-SUMMIT', quantity: 1 }] });
    void fetch(`${crashing.baseUrl}/api/orders`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body: JSON.stringify(body) }).catch(
      () => undefined,
    );
    const orders = () => t.ctx.db.selectFrom('orders').select('id').execute();
    while ((await orders()).length === 0) await new Promise((r) => setTimeout(r, 100));

    // Longer than one lease: the running request renews it, so the key is still its own.
    await new Promise((r) => setTimeout(r, 12_000));
    const running = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(body);
    expect(running.status).toBe(409);
    expect(running.body.code).toBe('idempotency_key_in_use');
    expect(Number(running.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(running.headers['retry-after'])).toBeLessThanOrEqual(10);

    crashing.signal('SIGKILL');
    await crashing.exited;
    const killedAt = Date.now();
    await controls(t.sandbox).clearFaults();
    let retry = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(body);
    while (retry.status === 409) {
      expect(Number(retry.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 500));
      retry = await request(t.app).post('/api/orders').set('Idempotency-Key', key).send(body);
    }
    expect(Date.now() - killedAt).toBeLessThan(12_000);
    expect(retry.status).toBe(201);
    expect(retry.body.next.type).toBe('redirect');
    const placed = await orders();
    expect(placed).toEqual([{ id: retry.body.order.id }]);
  }, 120_000);
});
