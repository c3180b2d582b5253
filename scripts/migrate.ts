import { connectDb, describeDatabaseUrl, migrateToLatest, startEmbeddedPostgres } from '../src/shared/db';
import { loadConfig } from '../src/shared/config';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (or to the embedded database in
 * DATA_DIR when it is unset; stop the service first, PGlite has one writer). */
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.db.url ? undefined : await startEmbeddedPostgres(config.dataDir);
  const url = config.db.url ?? embedded!.url;
  const handle = connectDb(url, { poolMax: 1, applicationName: 'handoff-migrate' });
  try {
    const result = await migrateToLatest(handle.db);
    const applied = result.results ?? [];
    console.log(`database: ${embedded ? `embedded PostgreSQL in ${config.dataDir}` : describeDatabaseUrl(url)}`);
    for (const r of applied) console.log(`${r.status === 'Success' ? 'applied' : r.status}: ${r.migrationName}`);
    if (applied.length === 0) console.log('nothing to apply: the schema is up to date');
  } finally {
    await handle.destroy();
    await embedded?.close();
  }
}

main().catch((err) => {
  console.error(`migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
