import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import { CARD_MASK, containsCardNumber, scanDatabaseForCardNumbers, type CardHit } from '../../src/card-data';
import { CORPUS, generatedRefuseCases } from './cases';
import { freshDatabase } from '../helpers/database';
import { useTestApp, type TestApp } from '../helpers/app';
import { postOrder, ADA_BY_SALES } from '../helpers/orders';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

let t: TestApp;
useTestApp((app) => (t = app));
beforeAll(async () => {
  // Ordinary business: orders, a payment reference with an IBAN, history, jobs, idempotency records.
  await postOrder(t, { ...ADA_BY_SALES, contact_me: true, marketing_opt_in: true, remember_me: true }).expect(201);
  await postOrder(t, { ...ADA_BY_SALES, customer: { name: 'Zoë 1234', email: 'zoe@example.com', country: 'DE', phone: '+49 170 1234567' } }).expect(201);
  await sql`insert into payments (order_id, amount, currency, method, reference, recorded_by)
    select id, 100, 'EUR', 'bank_transfer', 'DE89 3704 0044 0532 0130 00 / 2026-11-29T12:00:00.123456Z', 'test' from orders limit 1`.execute(t.ctx.db);
});

/** `npm run scan-card-data` on a fresh database after `plant` ran in it. Our connection is closed
 * first: embedded PostgreSQL (tests without DATABASE_URL) takes one connection at a time. */
async function scanCli(plant: (db: Kysely<any>) => Promise<void>): Promise<{ code: number; out: string }> {
  const database = await freshDatabase({ poolMax: 1 });
  try {
    await plant(database.db);
    await database.destroy();
    const env = { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'test' };
    return { code: 0, out: (await run('npx', ['tsx', 'scripts/scan-card-data.ts'], { cwd: ROOT, env })).stdout };
  } catch (err) {
    return { code: (err as { code: number }).code, out: (err as { stdout: string }).stdout };
  } finally {
    await database.close();
  }
}

describe('the card-data scan', () => {
  it('finds nothing in a database of ordinary orders, UUIDs, timestamps, IBANs and phone numbers', async () => {
    const report = await scanDatabaseForCardNumbers(t.ctx.db);
    expect(report.hits).toEqual([]);
    expect(report.tables).toBeGreaterThan(10);
    expect(report.rows).toBeGreaterThan(10);
  });

  describe('with card numbers planted behind the service’s back', () => {
    let hits: CardHit[];
    let orderId: string;
    beforeAll(async () => {
      orderId = (await t.ctx.db.selectFrom('orders').select('id').limit(1).executeTakeFirstOrThrow()).id;
      await sql`update orders set customer_name = 'Visa 4111 1111 1111 1111' where id = ${orderId}`.execute(t.ctx.db);
      await sql`insert into order_history (order_id, actor, event, detail) values (${orderId}, 'x', 'note', ${JSON.stringify({ note: 'card 5555-5555-5555-4444' })}::jsonb)`.execute(
        t.ctx.db,
      );
      await sql`update products set description = 'pay with ４２４２４２４２４２４２４２４２' where sku = 'SW-PRO'`.execute(t.ctx.db);
      await sql`create table scratch (note varchar(60), code char(19), tags text[])`.execute(t.ctx.db);
      await sql`insert into scratch (note) select 'filler row ' || g from generate_series(1, 3000) g`.execute(t.ctx.db);
      await sql`insert into scratch (note, code, tags) values ('last', '4012888888881881', array['ok', '3782 822463 10005'])`.execute(t.ctx.db);
      hits = (await scanDatabaseForCardNumbers(t.ctx.db, { pagesPerBatch: 2 })).hits;
    });

    it('names the table, column and row of each one, in every kind of text column, across batches', () => {
      const where = hits.map((h) => `${h.table}.${h.column}`).sort();
      expect(where).toEqual(['order_history.detail', 'orders.customer_name', 'products.description', 'scratch.code', 'scratch.tags']);
      expect(hits.find((h) => h.table === 'orders')!.rowKey).toBe(`id=${orderId}`);
      expect(hits.find((h) => h.table === 'products')!.rowKey).toBe('sku=SW-PRO');
      expect(hits.find((h) => h.table === 'scratch')!.rowKey).toMatch(/^ctid=\(\d+,\d+\)$/);
    });

    it('shows each one masked, never its digits', () => {
      for (const hit of hits) {
        expect(hit.excerpt).toContain(CARD_MASK);
        expect(hit.excerpt).not.toMatch(/4111|5555|4012|3782|４２４２/);
      }
    });
  });

  it('makes `npm run scan-card-data` exit 1 and print each hit masked', async () => {
    const { code, out } = await scanCli(async (db) => {
      await sql`update products set description = 'card 4111-1111-1111-1111' where sku = 'SW-STD'`.execute(db);
      await sql`insert into jobs (kind, payload) values ('x', '{"pan": 5555555555554444}')`.execute(db);
    });
    expect(code).toBe(1);
    expect(out).toMatch(/products\.description\s+sku=SW-STD/);
    expect(out).toMatch(/jobs\.payload\s+id=\d+/);
    expect(out).toContain(CARD_MASK);
    expect(out).not.toMatch(/4111|5555/);
  }, 120_000);

  it('finds every refuse case planted with SQL, each in a table and column of its own (text, JSON, arrays), and exits 1', async () => {
    const cases = [...CORPUS.refuse, ...generatedRefuseCases().filter((_, i) => i % 25 === 0)];
    const columns: Array<[type: string, value: (v: string) => ReturnType<typeof sql>]> = [
      ['text', (v) => sql`${v}`],
      ['varchar(200)', (v) => sql`${v}`],
      ['jsonb', (v) => sql`jsonb_build_object('note', ${v}::text, 'phone', '+4915123456704')`],
      ['jsonb', (v) => sql`jsonb_build_object('lines', jsonb_build_array(jsonb_build_object('sku', 'SW-STD', 'text', ${v}::text)))`],
      ['json', (v) => sql`to_json(${v}::text)`],
      ['text[]', (v) => sql`array['ok', ${v}::text]`],
      ['jsonb[]', (v) => sql`array[jsonb_build_object('memo', ${v}::text)]`],
    ];
    const { code, out } = await scanCli(async (db) => {
      for (const [i, c] of cases.entries()) {
        const [type, value] = columns[i % columns.length]!;
        await sql`create table ${sql.raw(`planted_${i}`)} (id int primary key, ${sql.raw(`kept_${i}`)} ${sql.raw(type)})`.execute(db);
        await sql`insert into ${sql.raw(`planted_${i}`)} values (1, ${value(c.text)})`.execute(db);
      }
    });
    expect(code).toBe(1);
    const reported = cases.map((c, i) => [c.name, new RegExp(`CARD NUMBER  planted_${i}\\.kept_${i}  id=1  \\(1\\)  .*\\[card number removed\\]`).test(out)]);
    expect(reported).toEqual(cases.map((c) => [c.name, true]));
    expect(out).toContain(`${cases.length} value(s) holding card numbers found`);
    expect(containsCardNumber(out)).toBe(false);
  }, 180_000);

  it('makes `npm run scan-card-data` exit 0 on a clean database', async () => {
    const { code, out } = await scanCli(async () => undefined);
    expect(code).toBe(0);
    expect(out).toMatch(/no card numbers found \(\d+ tables/);
  }, 120_000);
});
