import type { Kysely } from 'kysely';
import type { Config } from '../config';
import { connectDb, describeDatabaseUrl, type DbHandle } from './connect';
import { startEmbeddedPostgres } from './embedded';

export interface OpenedDatabase<DB> {
  /** The service's pool: every transaction under the configured timeouts. */
  handle: DbHandle<DB>;
  /** Which database, for the logs: never a password. */
  description: string;
  /** Runs `work` on a connection of its own without the request timeouts, closed afterwards:
   * migrations may wait for another instance's migration lock, and may rebuild large tables. */
  unlimited<T>(work: (db: Kysely<DB>) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** The database the configuration names: the PostgreSQL server at DATABASE_URL, else embedded
 * PGlite kept in DATA_DIR (one connection: PGlite is a single backend). Nothing is applied. */
export async function connectConfiguredDatabase<DB>(config: Pick<Config, 'db' | 'dataDir'>, applicationName?: string): Promise<OpenedDatabase<DB>> {
  const embedded = config.db.url ? undefined : await startEmbeddedPostgres(config.dataDir);
  const url = config.db.url ?? embedded!.url;
  const name = applicationName ? { applicationName } : {};
  const handle = connectDb<DB>(url, {
    poolMax: embedded ? 1 : config.db.poolMax,
    limits: config.db.limits,
    limitsAtStartup: config.db.limitsAtStartup,
    acquireTimeoutMs: config.db.acquireTimeoutMs,
    ...name,
  });
  return {
    handle,
    description: embedded ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : describeDatabaseUrl(url),
    async unlimited(work) {
      // Embedded, this takes the single connection while the service's pool holds none yet.
      const own = connectDb<DB>(url, { poolMax: 1, ...name });
      try {
        return await work(own.db);
      } finally {
        await own.destroy();
      }
    },
    async close() {
      await handle.destroy();
      // Last: the embedded database flushes its files on close.
      await embedded?.close();
    },
  };
}
