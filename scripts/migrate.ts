import { loadConfig } from '../src/shared/config';
import type { Database } from '../src/database';
import { connectConfiguredDatabase, migrateToLatest } from '../src/shared/db';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or to the embedded database in
 * DATA_DIR when it is unset; stop the service first, PGlite has one writer). */
async function main(): Promise<void> {
  const database = await connectConfiguredDatabase<Database>(loadConfig(), 'handoff-migrate');
  try {
    const applied = (await database.unlimited(migrateToLatest)).results ?? [];
    console.log(`database: ${database.description}`);
    for (const r of applied) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
    if (applied.length === 0) console.log('nothing to apply: the schema is up to date');
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(`migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
