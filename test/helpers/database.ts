import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import type { Database } from '../../src/database';
import { connectDb, migrateToLatest, type ConnectOptions, type DbHandle } from '../../src/shared/db';
import { seedDemoCatalog } from '../../src/catalog';

export interface TestDatabase extends DbHandle<Database> {
  url: string;
  close(): Promise<void>;
}

export interface DatabaseOptions extends Partial<ConnectOptions> {
  /** PGlite even where a server is configured. */
  embedded?: boolean;
  /** The URL the pool connects to instead of the server's (a pooler in front of it); the database
   * is still made and dropped on the server itself. */
  through?: (serverUrl: string) => string;
}

/** A fresh, migrated database with the demo catalog for one test file: a new database on the
 * DATABASE_URL server (dropped afterwards), or an in-memory PGlite when DATABASE_URL is unset or
 * `embedded` is asked for. The pool gets the limits and timeouts passed in, as the service's own does. */
export async function freshDatabase({ embedded: asked, through, ...opts }: DatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl || asked) {
    const embedded = await embeddedInChildProcess();
    const handle = connectDb<Database>(embedded.url, { ...opts, poolMax: 1 });
    await prepare(handle);
    return {
      ...handle,
      url: embedded.url,
      close: async () => {
        await handle.destroy();
        await embedded.close();
      },
    };
  }
  const name = `handoff_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const poolUrl = through ? through(url.toString()) : url.toString();
  const handle = connectDb<Database>(poolUrl, { ...opts, poolMax: opts.poolMax ?? 10 });
  await prepare(handle);
  return {
    ...handle,
    url: poolUrl,
    close: async () => {
      await handle.destroy();
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

/** Another pool on a database made by freshDatabase, as a second instance of the service would
 * have; closing it leaves the database alone. */
export function anotherPool(database: TestDatabase, opts: Partial<ConnectOptions> = {}): TestDatabase {
  const handle = connectDb<Database>(database.url, { ...opts, poolMax: opts.poolMax ?? 10 });
  return { ...handle, url: database.url, close: () => handle.destroy() };
}

async function prepare(handle: DbHandle<Database>): Promise<void> {
  await migrateToLatest(handle.db);
  await seedDemoCatalog(handle.db);
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const ROOT = path.resolve(__dirname, '../..');

/** A dump of a migrated embedded database with the demo catalog, shared by the test files of a run
 * and the runs after it: named after everything it is made from, so a new migration, catalog or
 * PGlite version makes a new one. */
function templateFile(): string {
  const hash = createHash('sha256');
  const migrations = path.join(ROOT, 'db/migrations');
  for (const file of readdirSync(migrations).sort()) hash.update(file).update(readFileSync(path.join(migrations, file)));
  hash.update(readFileSync(path.join(ROOT, 'src/catalog/demo-catalog.ts')));
  // The starting tax rates are seeded with the catalog.
  hash.update(readFileSync(path.join(ROOT, 'src/tax/rates.ts')));
  hash.update(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json')));
  return path.join(tmpdir(), `handoff-pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** PGlite loads its WebAssembly with a dynamic import(), which jest's module sandbox refuses; it
 * runs in a child process of its own instead, one per test file, in memory. */
async function embeddedInChildProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const script = path.join(ROOT, 'scripts/embedded-postgres.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--memory', '--template', templateFile()], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  return {
    url: (JSON.parse(firstLine) as { url: string }).url,
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
