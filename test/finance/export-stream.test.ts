import http from 'node:http';
import { once } from 'node:events';
import { sql } from 'kysely';
import { seedOrders } from '../../scripts/seed/orders';
import { startTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';

/** Enough rows (about 9 MB) that socket buffers cannot hold the whole export. */
const ORDERS = 40_000;

let t: TestApp;
let finance: string;
beforeAll(async () => {
  // Embedded, every page is a round trip through the one connection: 50-row pages made this file
  // take minutes there without testing anything more.
  t = await startTestApp({ FINANCE_EXPORT_BATCH_ROWS: process.env.DATABASE_URL ? '50' : '500' });
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  await seedOrders(t.ctx.db, ORDERS);
}, 120_000);
afterAll(() => t.close());

/** Starts a download and resolves with the response, paused, and its first chunk. */
async function firstChunk(path: string): Promise<{ req: http.ClientRequest; res: http.IncomingMessage; chunk: string }> {
  const req = http.get(`${t.baseUrl}${path}`, { headers: { Authorization: `Bearer ${finance}` } });
  const [res] = (await once(req, 'response')) as [http.IncomingMessage];
  // Paused inside the handler: pausing after `await once(...)` let the next chunk flow past unseen.
  const chunk = await new Promise<Buffer>((resolve) =>
    res.once('data', (c: Buffer) => {
      res.pause();
      resolve(c);
    }),
  );
  return { req, res, chunk: chunk.toString('utf8') };
}

/** Embedded PGlite has one connection: an export reads it in pages and holds no snapshot. */
const embedded = !process.env.DATABASE_URL;

/** The exports still streaming. On a server, each is a snapshot transaction whose connection's
 * statement is the export's COPY; embedded, the running-exports gauge counts them. */
async function openExports(): Promise<number> {
  if (embedded) {
    const text = await (await fetch(`${t.baseUrl}/metrics`)).text();
    return Number(/^finance_exports_running (\d+)$/m.exec(text)![1]);
  }
  return (
    await sql<{ state: string }>`select state from pg_stat_activity
     where datname = current_database() and xact_start is not null and query like 'copy (select %'`.execute(t.ctx.db)
  ).rows.length;
}

const exportAudits = () => t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'finance.export').orderBy('id').execute();

async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const v = await read();
    if (check(v)) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never saw ${what}`);
}

describe('a large export', () => {
  it('sends the header before the last row is read, and waits for a client that stops reading', async () => {
    const { res, chunk } = await firstChunk('/api/finance/orders.csv');
    expect(res.statusCode).toBe(200);
    expect(chunk.startsWith('order_number,created_at,paid_at,status,')).toBe(true);
    // The client holds the header and reads nothing more: the server is still inside its snapshot,
    // reading batch by batch as the socket drains, and has not finished (nothing audited yet).
    expect(await openExports()).toBe(1);
    expect(await exportAudits()).toEqual([]);

    res.resume();
    let text = chunk;
    for await (const c of res) text += (c as Buffer).toString('utf8');
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(ORDERS + 1);
    // Every amount is a decimal with at most the currency's digits (a numeric sum once printed
    // refunds_pending as 0.00000000000000000000.00).
    expect(text).not.toMatch(/\d\.\d{4,}/);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(ORDERS);
    const [entry] = await until('the export audited', exportAudits, (a) => a.length === 1);
    expect(entry!.detail).toEqual({ filters: { date_field: 'created', tz: 'UTC' }, rows: ORDERS });
  });

  it('stops reading when the client disconnects: snapshot closed, connection back in the pool, the partial export audited', async () => {
    const before = (await exportAudits()).length;
    const { req } = await firstChunk('/api/finance/order-lines.csv');
    req.destroy();
    const audits = await until('the aborted export audited', exportAudits, (a) => a.length === before + 1);
    const detail = audits.at(-1)!.detail as { rows: number; aborted: boolean };
    expect(detail.aborted).toBe(true);
    expect(detail.rows).toBeLessThan(ORDERS);
    // The connection is closed under the COPY; PostgreSQL ends the backend a moment later.
    await until('no export open', openExports, (n) => n === 0);
    await until(
      'every connection idle',
      async () => t.ctx.pool.totalCount - t.ctx.pool.idleCount,
      (busy) => busy === 0,
    );
  });

  it('lends exports at most a quarter of the pool: one more export is a 503 until one finishes', async () => {
    const audited = (await exportAudits()).length;
    const running = [await firstChunk('/api/finance/orders.csv'), await firstChunk('/api/finance/order-lines.csv')];
    const busy = await new Promise<http.IncomingMessage>((resolve) =>
      http.get(`${t.baseUrl}/api/finance/orders.csv`, { headers: { Authorization: `Bearer ${finance}` } }, resolve),
    );
    busy.resume();
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('60');
    for (const r of running) r.req.destroy();
    await until('both exports ended', exportAudits, (a) => a.length === audited + 2);
    const again = await firstChunk('/api/finance/orders.csv?status=refunded');
    expect(again.res.statusCode).toBe(200);
    again.req.destroy();
    await until('the last export ended', exportAudits, (a) => a.length === audited + 3);
  });
});
