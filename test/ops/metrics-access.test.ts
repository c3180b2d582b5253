import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { startTestApp } from '../helpers/app';
import { freshDatabase } from '../helpers/database';
import { freePort } from '../helpers/ports';
import { startService } from '../helpers/service';

const TOKEN = 'scrape-secret-0123456789';

test('with METRICS_TOKEN, /metrics answers 401 without the token or with another, and the figures with it', async () => {
  const t = await startTestApp({ METRICS_TOKEN: TOKEN });
  try {
    const none = await request(t.app).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer');
    expect((await request(t.app).get('/metrics').set('Authorization', 'Bearer another-token-0123456789')).status).toBe(401);
    expect((await request(t.app).get('/metrics').set('Authorization', `Basic ${TOKEN}`)).status).toBe(401);
    const ok = await request(t.app).get('/metrics').set('Authorization', `Bearer ${TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('# TYPE orders_created_total counter');
    expect(ok.text).toContain('# TYPE http_request_duration_seconds histogram');
    // The rest of the app is not behind the token.
    expect((await request(t.app).get('/healthz')).status).toBe(200);
  } finally {
    await t.close();
  }
});

test('a token too short to be a secret is refused at start', async () => {
  await expect(startTestApp({ METRICS_TOKEN: 'short' })).rejects.toThrow(/METRICS_TOKEN/);
});

test('with METRICS_PORT, /metrics is served on that address only, not on the app port', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-metrics-'));
  const database = await freshDatabase();
  // The service must be the embedded database's only client, on its one connection.
  await database.db.destroy();
  const metricsPort = await freePort();
  const service = await startService({
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    ...(process.env.DATABASE_URL ? {} : { DATABASE_POOL_MAX: '1' }),
    METRICS_PORT: String(metricsPort),
    METRICS_HOST: '127.0.0.1',
    METRICS_TOKEN: TOKEN,
  });
  try {
    expect((await fetch(`${service.baseUrl}/metrics`)).status).toBe(404);
    expect((await fetch(`${service.baseUrl}/healthz`)).status).toBe(200);
    const metricsUrl = `http://127.0.0.1:${metricsPort}`;
    expect((await fetch(`${metricsUrl}/metrics`)).status).toBe(401);
    const ok = await fetch(`${metricsUrl}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    const text = await ok.text();
    expect(text).toContain('# TYPE jobs_waiting gauge');
    expect(text).toContain('db_pool_total_connections');
    // Only /metrics lives there.
    expect((await fetch(`${metricsUrl}/api/products`)).status).toBe(404);
  } finally {
    service.signal('SIGKILL');
    await service.exited;
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
