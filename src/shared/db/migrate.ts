/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on Kysely<any>: frozen in time, never typed by today's schema */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, type Kysely, type MigrationResultSet } from 'kysely';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../../db/migrations');

/** Applies every pending migration in `db/migrations`, in one transaction under an advisory lock
 * (transaction-scoped, see pooler-safe-dialect.ts), so several instances starting at once apply each
 * migration once, through a pooler too. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error('a migration failed', { cause: result.error });
  return result;
}
