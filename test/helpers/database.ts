import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectDb, migrateToLatest, startEmbeddedPostgres, type DbHandle } from '../../src/shared/db';
import { seedDemoCatalog } from '../../src/catalog';

export interface TestDatabase extends DbHandle {
  url: string;
  close(): Promise<void>;
}

/** A fresh, migrated database with the demo catalog for one test file: a new database on the
 * DATABASE_URL server (dropped afterwards), or an in-memory PGlite when DATABASE_URL is unset. */
export async function freshDatabase(opts: { poolMax?: number } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres('memory');
    const handle = connectDb(embedded.url, { poolMax: 1 });
    await prepare(handle);
    return { ...handle, url: embedded.url, close: async () => { await handle.destroy(); await embedded.close(); } };
  }
  const name = `handoff_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = connectDb(url.toString(), { poolMax: opts.poolMax ?? 10 });
  await prepare(handle);
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.destroy();
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function prepare(handle: DbHandle): Promise<void> {
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
