import { startEmbeddedPostgres } from '../src/shared/db';

/** Serves an embedded PostgreSQL (PGlite) over the wire protocol and prints `{"url": ...}` on one
 * line. `--memory` keeps nothing; else the database lives in DATA_DIR (default `.data/`). Stops on
 * SIGTERM/SIGINT or when its standard input closes (its parent went away).
 * Used by the test suite when DATABASE_URL is unset, and handy for `psql "$url"` in development. */
async function main(): Promise<void> {
  const memory = process.argv.includes('--memory');
  const db = await startEmbeddedPostgres(memory ? 'memory' : (process.env.DATA_DIR ?? '.data'));
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

main().catch((err) => {
  console.error(`embedded PostgreSQL failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
