import { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './database';
import { PoolerSafePostgresDialect } from './pooler-safe-dialect';

// bigint (int8) columns hold money in minor units and counts; they stay below 2^53, so they are
// parsed as numbers. numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DbHandle {
  db: Kysely<Database>;
  pool: pg.Pool;
  destroy(): Promise<void>;
}

export function connectDb(url: string, opts: { poolMax: number; applicationName?: string }): DbHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax,
    application_name: opts.applicationName ?? 'handoff',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PoolerSafePostgresDialect({ pool }) });
  return { db, pool, destroy: () => db.destroy() };
}

/** Where the logs may say which database is in use: never the password. */
export function describeDatabaseUrl(url: string): string {
  const u = new URL(url);
  return `postgres://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}
