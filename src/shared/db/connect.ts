import { Kysely } from 'kysely';
import pg from 'pg';
import { LimitedPostgresDialect, type DbLimits } from './limits';
import { PoolerSafePostgresDialect } from './pooler-safe-dialect';

// bigint (int8) columns hold money in minor units and counts; they stay below 2^53, so they are
// parsed as numbers. numeric stays a string.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface DbHandle<DB> {
  db: Kysely<DB>;
  pool: pg.Pool;
  destroy(): Promise<void>;
}

export interface ConnectOptions {
  poolMax: number;
  applicationName?: string;
  /** Request-sized limits for every transaction (SET LOCAL); without them nothing is limited
   * (migrations, scripts). */
  limits?: DbLimits;
  /** Also send the limits as startup parameters of each connection, so statements outside a
   * transaction have them too. Only where nothing between us and PostgreSQL refuses or drops
   * startup parameters: PgBouncer answers them with "unsupported startup parameter". */
  limitsAtStartup?: boolean;
  /** How long to wait for a pooled connection, or for a new one to open. */
  acquireTimeoutMs?: number;
}

/** A pool and a Kysely instance over it, typed by the caller's schema (`src/database.ts`). */
export function connectDb<DB>(url: string, opts: ConnectOptions): DbHandle<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax,
    application_name: opts.applicationName ?? 'handoff',
    connectionTimeoutMillis: opts.acquireTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    // A server that vanished without closing the socket (a failover, a dropped route) is noticed by
    // TCP keepalives instead of a request waiting on it for ever.
    keepAlive: true,
    ...(opts.limits && opts.limitsAtStartup ? startupLimits(opts.limits) : {}),
  });
  // pg emits 'error' on a client whose connection dies (a terminated backend, a restarted server).
  // The pool listens only while the client is idle; an 'error' while a request holds it would be
  // unhandled and end the process. The request's own query fails with the error, and the client,
  // no longer queryable, is discarded when it is released.
  pool.on('connect', (client) => client.on('error', () => undefined));
  pool.on('error', () => undefined);
  const dialect = opts.limits ? new LimitedPostgresDialect({ pool }, opts.limits) : new PoolerSafePostgresDialect({ pool });
  const db = new Kysely<DB>({ dialect });
  return { db, pool, destroy: () => db.destroy() };
}

function startupLimits(limits: DbLimits) {
  return {
    statement_timeout: limits.statementMs,
    lock_timeout: limits.lockMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
  };
}

/** Where the logs may say which database is in use: never the password. */
export function describeDatabaseUrl(url: string): string {
  const u = new URL(url);
  return `postgres://${u.username ? `${u.username}@` : ''}${u.host}${u.pathname}`;
}
