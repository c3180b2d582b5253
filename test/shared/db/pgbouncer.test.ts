import { sql } from 'kysely';
import pg from 'pg';
import { connectDb, migrateToLatest } from '../../../src/shared/db';
import request from 'supertest';
import { staffToken } from '../../helpers/staff-token';
import { startTestApp, useTestApp, type TestApp } from '../../helpers/app';
import { pgbouncerBinary, startPgBouncer, type PgBouncer } from '../../helpers/pgbouncer';
import { exportCsv } from '../../helpers/csv';
import { placeCardOrder, postOrder } from '../../helpers/orders';
import { answeredDeliveries, eventAbout } from '../../helpers/processor';
import { paidCardOrder, postRefund, salesOrderPaid } from '../../helpers/payments';
import { paymentsOf, statusBecomes } from '../../helpers/records';

/**
 * The service behind PgBouncer in transaction pooling mode, with fewer server sessions than the
 * app's pool has clients: any transaction may land on any session, so nothing may rely on session
 * state (named prepared statements, session advisory locks, LISTEN, session SETs, held cursors).
 */
const SERVER_SESSIONS = 3;
const binary = pgbouncerBinary();
const serverUrl = process.env.DATABASE_URL;
const missing = !binary
  ? 'the pgbouncer binary is not installed (apt-get install -y pgbouncer)'
  : !serverUrl
    ? 'DATABASE_URL is unset (PgBouncer needs a PostgreSQL server)'
    : undefined;

if (missing && process.env.CI === 'true') {
  test('through PgBouncer: CI never skips this test', () => {
    throw new Error(`CI must run the PgBouncer test, but ${missing}`);
  });
} else if (missing) {
  console.warn(`test/shared/db/pgbouncer skipped: ${missing}`);
  test.skip(`through PgBouncer (skipped: ${missing})`, () => undefined);
} else {
  describe('through PgBouncer in transaction pooling mode', throughPgBouncer);
}

function throughPgBouncer(): void {
  let bouncer: PgBouncer;
  let t: TestApp;
  let finance: string;
  beforeAll(async () => {
    bouncer = await startPgBouncer(binary!, serverUrl!, { serverPoolSize: SERVER_SESSIONS });
  });
  // PgBouncer refuses startup parameters it does not know: the limits go in with SET LOCAL only.
  useTestApp((app) => (t = app), { DATABASE_STARTUP_TIMEOUTS: 'false' }, { through: (url) => bouncer.through(url), poolMax: 10 });
  beforeAll(async () => {
    finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  });
  afterAll(async () => {
    await bouncer?.close();
  });

  it('migrates from three instances starting at once, each migration once, and leaves no lock behind', async () => {
    const name = `handoff_t_${process.pid}_bouncer_migrate`;
    await onServer(`drop database if exists ${name}`);
    await onServer(`create database ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    const pools = [0, 1, 2].map(() => connectDb(bouncer.through(url.toString()), { poolMax: 2 }));
    try {
      await Promise.all(pools.map((p) => migrateToLatest(p.db)));
      const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(pools[0]!.db);
      expect(applied.rows.length).toBe(new Set(applied.rows.map((r) => r.name)).size);
      const locks = await onServer('select count(*)::int as n from pg_locks l join pg_database d on d.oid = l.database where l.locktype = $1 and d.datname = $2', [
        'advisory',
        name,
      ]);
      expect(locks[0]!.n).toBe(0);
    } finally {
      for (const p of pools) await p.destroy();
      await onServer(`drop database if exists ${name} with (force)`);
    }
  });

  it('takes card checkouts: placed, paid on the processor, and one payment from ten copies of its webhook', async () => {
    const order = await placeCardOrder(t);
    await t.processor.pay(order.sessionId, 'succeed');
    await statusBecomes(t, order.id, 'paid');
    const completed = await eventAbout(t, 'checkout.session.completed', order.sessionId);
    await t.processor.redeliver(completed.id, { times: 10 });
    const answers = await answeredDeliveries(t, completed.id, 11);
    expect(answers.every((d) => d.status === 200)).toBe(true);
    expect(await paymentsOf(t, order.id)).toHaveLength(1);
  });

  it(`serves 20 checkouts at once from a pool of 10 over ${SERVER_SESSIONS} server sessions`, async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => postOrder(t)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(await serverSessions(t)).toBeLessThanOrEqual(SERVER_SESSIONS);
  });

  it('records a staff payment and refunds a card order through the processor', async () => {
    const order = await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' });
    const paid = await request(t.app).get(`/api/staff/orders/${order.id}`).set('Authorization', `Bearer ${finance}`).expect(200);
    expect(paid.body.status).toBe('paid');

    const card = await paidCardOrder(t, { currency: 'USD', customer: { country: 'US' } });
    const refund = await postRefund(t, finance, card.id, { amount: 1000, reason: 'through the pooler' });
    expect(refund.status).toBe(201);
    expect(refund.body.refund).toMatchObject({ amount: 1000, status: 'succeeded' });
  });

  it('streams the finance export from one snapshot, its cursor inside its own transaction', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const [csv, ...others] = await Promise.all([exportCsv(t, '/api/finance/orders.csv', finance, { from: day, to: day }), ...Array.from({ length: 4 }, () => postOrder(t))]);
    expect(others.map((a) => a.status)).toEqual([201, 201, 201, 201]);
    const placed = await t.ctx.db.selectFrom('orders').select('number').where('created_at', '<=', new Date()).execute();
    expect(csv.records.length).toBeGreaterThanOrEqual(23);
    expect(csv.records.length).toBeLessThanOrEqual(placed.length);
    expect(new Set(csv.records.map((r) => r.order_number)).size).toBe(csv.records.length);
  });

  describe('with three instances on the one database', () => {
    let instances: TestApp[] = [];
    beforeAll(async () => {
      instances = [];
      for (let i = 0; i < 3; i++) instances.push(await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '5', DATABASE_STARTUP_TIMEOUTS: 'false' }, { sharing: t, poolMax: 4 }));
    });
    afterAll(async () => {
      for (const instance of instances) await instance.close();
    });

    it('admits exactly the rate limit between them', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await postOrder(instances[i % 3]!).set('X-Forwarded-For', '203.0.113.77');
        statuses.push(res.status);
      }
      expect(statuses.filter((s) => s === 201)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
    });

    it('runs each sweep once per interval between them', async () => {
      const runsOf = async () => Object.fromEntries((await t.ctx.db.selectFrom('job_schedules').select(['name', 'runs']).execute()).map((r) => [r.name, r.runs]));
      const before = await runsOf();
      const clock = Date.now() + 7 * 24 * 3_600_000;
      for (let poll = 0; poll < 3; poll++) await Promise.all(instances.map((instance) => instance.worker.runOnce(clock + poll * 1000)));
      const after = await runsOf();
      expect(Object.keys(after).length).toBeGreaterThanOrEqual(6);
      for (const [name, runs] of Object.entries(after)) expect([name, runs - (before[name] ?? 0)]).toEqual([name, 1]);
    });
  });
}

/** Backends the server holds for this test's database: PgBouncer's, at most its pool size. */
async function serverSessions(t: TestApp): Promise<number> {
  const rows = await onServer('select count(*)::int as n from pg_stat_activity where datname = $1', [new URL(t.database.url).pathname.slice(1)]);
  return rows[0]!.n;
}

/** A statement on the PostgreSQL server itself, not through the pooler. */
async function onServer(text: string, values: unknown[] = []): Promise<Array<{ n: number }>> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(text, values)).rows;
  } finally {
    await client.end();
  }
}
