import type { Store } from 'express-rate-limit';
import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { Db } from '../database';

/** The table the migration creates in the shape the library expects (it is told not to create it). */
const TABLE = 'rate_limits';
const HOUR_MS = 3_600_000;

/**
 * express-rate-limit's store, counted by rate-limiter-flexible's Postgres limiter, so every
 * instance on the database shares one count per client. express-rate-limit keeps the HTTP side it
 * already had (key, skip rules, its configuration warnings in our log); each hit is one atomic
 * `insert ... on conflict do update`, so N instances admit exactly the limit between them.
 * The window is fixed, starting at a key's first hit, as express-rate-limit's own memory store.
 */
export function postgresStore(pool: pg.Pool, prefix: string, windowMs: number): Store {
  const limiter = new RateLimiterPostgres({
    storeClient: unnamedStatements(pool),
    storeType: 'pool',
    tableName: TABLE,
    tableCreated: true,
    // Expired rows are purged by one scheduled sweep for all instances (purgeExpiredRateLimits).
    clearExpiredByTimeout: false,
    keyPrefix: prefix,
    // Only penalty/reward/delete are used: counting, not refusing, is the store's part.
    points: Number.MAX_SAFE_INTEGER,
    duration: Math.ceil(windowMs / 1000),
  });
  return {
    prefix,
    async increment(key) {
      const res = await limiter.penalty(key, 1);
      return { totalHits: res.consumedPoints, resetTime: new Date(Date.now() + res.msBeforeNext) };
    },
    async decrement(key) {
      await limiter.reward(key, 1);
    },
    async resetKey(key) {
      await limiter.delete(key);
    },
  };
}

/**
 * The library names its statements, and node-postgres then keeps each one prepared on its server
 * session for good. A pooler in transaction mode hands the next query another session, where that
 * name is unknown (or, worse, another client's): every statement goes out unnamed instead.
 */
function unnamedStatements(pool: pg.Pool) {
  return { query: (q: { text: string; values?: unknown[] }) => pool.query(q.text, q.values) };
}

/** Counters whose window ended over an hour ago; run by a sweep, once for all instances. */
export async function purgeExpiredRateLimits(db: Db): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('expire', '<', Date.now() - HOUR_MS)
    .execute();
}
