import { randomUUID } from 'node:crypto';
import pg from 'pg';
import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { onServer } from '../helpers/db-faults';
import { salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
/** A session on the server's own database: the test database itself refuses connections meanwhile. */
let operator: pg.Client;
let name: string;

const allowConnections = (allow: boolean) => operator.query(`alter database ${name} allow_connections ${allow}`);

onServer('a database that refuses connections', () => {
  beforeAll(async () => {
    t = await startTestApp();
    sales = await staffToken(t, ['sales']);
    name = new URL(t.database.url).pathname.slice(1);
    operator = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await operator.connect();
  }, 60_000);
  afterAll(async () => {
    await allowConnections(true);
    await operator.end();
    await t.close();
  });

  it('is 503 with Retry-After on shopper, staff and readiness routes, and 200 again once it accepts them, without a restart', async () => {
    await request(t.app).get('/readyz').expect(200);
    await allowConnections(false);
    await operator.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);

    const started = Date.now();
    const ready = await request(t.app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(Date.now() - started).toBeLessThan(2500);

    const answers = [
      await request(t.app).get('/api/products'),
      await request(t.app).post('/api/orders').set('Idempotency-Key', randomUUID()).send(salesOrder()),
      await request(t.app).get('/api/staff/orders').set('Authorization', `Bearer ${sales}`),
    ];
    for (const res of answers) {
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body).toMatchObject({ status: 503, code: 'database_unavailable' });
    }
    await request(t.app).get('/healthz').expect(200);

    await allowConnections(true);
    const back = Date.now();
    while ((await request(t.app).get('/readyz')).status !== 200) {
      expect(Date.now() - back).toBeLessThan(5000);
      await new Promise((r) => setTimeout(r, 100));
    }
    await request(t.app).get('/api/products').expect(200);
    await request(t.app).post('/api/orders').set('Idempotency-Key', randomUUID()).send(salesOrder()).expect(201);
    await request(t.app).get('/api/staff/orders').set('Authorization', `Bearer ${sales}`).expect(200);
  });
});
