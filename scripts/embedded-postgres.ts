import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { seedDemoCatalog } from '../src/catalog/demo-catalog';
import { connectDb, migrateToLatest, startEmbeddedPostgres, type EmbeddedPostgres } from '../src/shared/db';

/** Serves an embedded PostgreSQL (PGlite) over the wire protocol and prints `{"url": ...}` on one
 * line. `--memory` keeps nothing; else the database lives in DATA_DIR (default `.data/`). With
 * `--template FILE` (memory only) it starts from that dump of a migrated database with the demo
 * catalog, and first makes it when it is missing: each test file then skips initdb and migrations.
 * Stops on SIGTERM/SIGINT or when its standard input closes (its parent went away).
 * Used by the test suite when DATABASE_URL is unset, and handy for `psql "$url"` in development. */
async function main(): Promise<void> {
  const memory = process.argv.includes('--memory');
  const template = memory ? argument('--template') : undefined;
  const from = template && existsSync(template) ? new Blob([readFileSync(template)]) : undefined;
  const db = await startEmbeddedPostgres(memory ? 'memory' : (process.env.DATA_DIR ?? '.data'), from ? { from } : {});
  if (template && !from) await makeTemplate(db, template);
  process.stdout.write(`${JSON.stringify({ url: db.url })}\n`);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void close());
  process.on('SIGINT', () => void close());
  process.stdin.on('end', () => void close());
  process.stdin.resume();
}

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** Written whole under another name, then renamed: a process starting at the same moment reads
 * the old template or the new one, never half of one. */
async function makeTemplate(db: EmbeddedPostgres, file: string): Promise<void> {
  const handle = connectDb(db.url, { poolMax: 1 });
  try {
    await migrateToLatest(handle.db);
    await seedDemoCatalog(handle.db);
  } finally {
    await handle.destroy();
  }
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, Buffer.from(await (await db.dump()).arrayBuffer()));
  renameSync(partial, file);
}

main().catch((err) => {
  console.error(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
