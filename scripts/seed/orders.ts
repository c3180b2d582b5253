import { sql } from 'kysely';
import { INSERT_LINES, INSERT_ORDERS, INSERT_PAYMENTS, INSERT_REFUNDS, orderShape, SEED_CATALOG, SEED_LINES, SEED_TOTALS } from './orders-sql';
import type { Db, Tx } from '../../src/database';

/**
 * Realistic orders for trying the export and for benchmarks (`npm run seed:orders -- <N>`),
 * written set-wise: each chunk is a few INSERT ... SELECT statements over generate_series, so a
 * million orders take seconds, not a million round trips. Both payment methods, every status,
 * four currencies (JPY among them) and their countries, dated over the past year. Amounts obey
 * every CHECK: lines priced from the catalog and taxed per country as checkout does, payments
 * equal to the total of paid orders, refunds adding up to amount_refunded. Seeded orders never
 * hold seats, so the catalog's live seat counts stay usable.
 */
export interface SeedOptions {
  /** Orders per transaction. */
  chunkSize?: number;
  /** Chunks written at once, each on its own connection (the pool must allow as many). */
  concurrency?: number;
  onProgress?: (done: number) => void;
}

export async function seedOrders(db: Db, count: number, opts: SeedOptions = {}): Promise<{ orders: number; ms: number }> {
  if (!Number.isSafeInteger(count) || count < 0) throw new Error('The number of orders must be a whole number, 0 or more.');
  const chunkSize = opts.chunkSize ?? 100_000;
  const parts = Math.ceil(count / chunkSize);
  const started = performance.now();
  let next = 0;
  let done = 0;
  // Index maintenance is most of the cost and is CPU-bound: chunks on several connections use
  // several cores. Each chunk has its own slice of the year, so they never write the same pages.
  const worker = async () => {
    for (let part = next++; part < parts; part = next++) {
      const n = Math.min(chunkSize, count - part * chunkSize);
      await db.transaction().execute((tx) => seedChunk(tx, n, part, parts));
      opts.onProgress?.((done += n));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 2) }, worker));
  // Fresh statistics, so the export's first plan after a big seed is the right one.
  await sql`analyze orders, order_items, payments, refunds`.execute(db);
  return { orders: count, ms: performance.now() - started };
}

async function seedChunk(tx: Tx, n: number, part: number, parts: number): Promise<void> {
  const run = (text: string) => sql.raw(text).execute(tx);
  // Bulk work, not a request: a chunk's statements may take longer than a request's limit allows.
  await run('set local statement_timeout = 0');
  await run(`create temp table seed_catalog on commit drop as ${SEED_CATALOG}`);
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from seed_catalog`.execute(tx);
  if (rows[0]!.n === 0) throw new Error('The catalog has no active product priced in USD, EUR, GBP or JPY to order.');
  await skipForeignKeyChecksIfAllowed(tx);
  await run(`create temp table seed_o on commit drop as ${orderShape(n, part, parts)}`);
  await run(`create temp table seed_l on commit drop as ${SEED_LINES}`);
  await run(`create temp table seed_t on commit drop as ${SEED_TOTALS}`);
  for (const insert of [INSERT_ORDERS, INSERT_LINES, INSERT_PAYMENTS, INSERT_REFUNDS]) await run(insert);
}

/** Every reference written here points at an order of this chunk or a catalog product read in
 * it, so the per-row foreign-key triggers (a third of the time) prove nothing: skipped as
 * pg_dump --disable-triggers does, where the role may (superuser); checked otherwise. */
async function skipForeignKeyChecksIfAllowed(tx: Tx): Promise<void> {
  const { rows } = await sql<{ su: string }>`select current_setting('is_superuser') as su`.execute(tx);
  if (rows[0]!.su === 'on') await sql`set local session_replication_role = replica`.execute(tx);
}
