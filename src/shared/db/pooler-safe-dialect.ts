/* eslint-disable @typescript-eslint/no-explicit-any -- Kysely's adapter contract takes Kysely<any> (the migrator's own handle) */
import { PostgresAdapter, PostgresDialect, sql, type DialectAdapter, type Kysely } from 'kysely';

/** Kysely's own lock id, so an instance of an older release migrating at the same time is excluded too. */
const MIGRATION_LOCK_ID = sql.lit(BigInt('3853314791062309107'));

/**
 * Kysely's Postgres migration lock is a session-level advisory lock taken before the migrations'
 * transaction and released after it. Behind a pooler in transaction mode the lock, the transaction
 * and the unlock may each run on another server session: the unlock misses, the lock stays held by
 * a pooled session, and the next instance to start waits on it. Here the lock opens the transaction
 * itself and is transaction-scoped: the migrator's own BEGIN then only draws a notice ("already in
 * a transaction"), and its COMMIT or ROLLBACK ends the transaction and frees the lock, on one session.
 */
class PoolerSafeAdapter extends PostgresAdapter {
  override async acquireMigrationLock(db: Kysely<any>): Promise<void> {
    await sql`begin`.execute(db);
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_ID})`.execute(db);
  }

  override async releaseMigrationLock(): Promise<void> {
    // Released by the migrations' commit or rollback.
  }
}

export class PoolerSafePostgresDialect extends PostgresDialect {
  override createAdapter(): DialectAdapter {
    return new PoolerSafeAdapter();
  }
}
