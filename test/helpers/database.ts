import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

/** PGlite loads its WebAssembly with a dynamic import(), which jest's module sandbox refuses; it
 * runs in a child process of its own instead, one per test file, in memory. */
async function embeddedInChildProcess(): Promise<{ url: string; close(): Promise<void> }> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'scripts/embedded-postgres.ts'), '--memory'], {
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
