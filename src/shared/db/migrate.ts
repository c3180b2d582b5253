/* eslint-disable @typescript-eslint/no-explicit-any -- migrations run on Kysely<any>: frozen in time, never typed by today's schema */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileMigrationProvider, Migrator, sql, type Kysely, type MigrationResultSet } from 'kysely';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../../db/migrations');

/** Applies every pending migration in `db/migrations`, in one transaction under an advisory lock
 * (transaction-scoped, see pooler-safe-dialect.ts), so several instances starting at once apply each
 * migration once, through a pooler too. */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResultSet> {
  if (await isUpToDate(db)) return { results: [] };
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR }),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error('a migration failed', { cause: result.error });
  return result;
}

/** Every migration file already applied, and nothing else: one query instead of the Migrator's
 * (its tables, its lock, and loading every migration file), which took about a third of a second
 * of each start on the embedded database (README, Benchmarks). Anything else, including a database
 * that has no migration table yet, goes through the Migrator, which decides and reports as before. */
async function isUpToDate(db: Kysely<any>): Promise<boolean> {
  // The names the Migrator gives the files FileMigrationProvider loads.
  const files = (await fs.readdir(MIGRATIONS_DIR)).filter((f) => /\.(js|ts|mjs|mts)$/.test(f) && !/\.d\.(ts|mts)$/.test(f)).map((f) => f.slice(0, f.lastIndexOf('.')));
  let applied: string[];
  try {
    applied = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name);
  } catch {
    return false;
  }
  return applied.length === files.length && files.every((name) => applied.includes(name));
}
