import { CompiledQuery, PostgresDriver, type DatabaseConnection, type PostgresDialectConfig, type TransactionSettings } from 'kysely';
import { databaseFault } from './errors';
import { PoolerSafePostgresDialect } from './pooler-safe-dialect';

/** How long one statement may run, one lock may be waited for, and a transaction may sit idle,
 * in milliseconds (0: no limit). */
export interface DbLimits {
  statementMs: number;
  lockMs: number;
  idleInTransactionMs: number;
}

/** The limits as SET LOCAL statements: they last until the transaction ends, so nothing is left
 * in a server session that a transaction-mode pooler hands to another client afterwards. */
export function setLocalLimits(limits: Partial<DbLimits>): string {
  const settings: Array<[string, number | undefined]> = [
    ['statement_timeout', limits.statementMs],
    ['lock_timeout', limits.lockMs],
    ['idle_in_transaction_session_timeout', limits.idleInTransactionMs],
  ];
  return settings
    .filter((s): s is [string, number] => s[1] !== undefined)
    .map(([name, ms]) => `set local ${name} = ${Math.trunc(ms)}`)
    .join('; ');
}

/** Kysely's Postgres dialect, with every transaction opened as `begin; set local ...` in one round
 * trip. Works the same on a server, behind PgBouncer in transaction mode, and on PGlite; the
 * migration lock is transaction-scoped as in its parent. */
export class LimitedPostgresDialect extends PoolerSafePostgresDialect {
  constructor(
    private readonly settings: PostgresDialectConfig,
    private readonly limits: DbLimits,
  ) {
    super(settings);
  }

  override createDriver(): PostgresDriver {
    return new LimitedPostgresDriver(this.settings, this.limits);
  }
}

class LimitedPostgresDriver extends PostgresDriver {
  constructor(
    settings: PostgresDialectConfig,
    private readonly limits: DbLimits,
  ) {
    super(settings);
  }

  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const begin = ['start transaction', settings.isolationLevel && `isolation level ${settings.isolationLevel}`, settings.accessMode].filter(Boolean).join(' ');
    await connection.executeQuery(CompiledQuery.raw(`${begin}; ${setLocalLimits(this.limits)}`));
  }

  /** A connection that died mid-transaction cannot roll back, and need not: the server rolled the
   * transaction back when the session ended. The error that ended it is what the caller sees,
   * instead of "not queryable" from the rollback attempt. */
  override async rollbackTransaction(connection: Parameters<PostgresDriver['rollbackTransaction']>[0]): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (err) {
      if (databaseFault(err) !== 'unavailable') throw err;
    }
  }
}
