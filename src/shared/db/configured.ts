import type { Config } from '../config';
import { connectDb, describeDatabaseUrl, type DbHandle } from './connect';
import { startEmbeddedPostgres } from './embedded';

export interface OpenedDatabase {
  handle: DbHandle;
  /** Which database, for the logs: never a password. */
  description: string;
  close(): Promise<void>;
}

/** The database the configuration names: the PostgreSQL server at DATABASE_URL, else embedded
 * PGlite kept in DATA_DIR (one connection: PGlite is a single backend). Nothing is applied. */
export async function connectConfiguredDatabase(config: Pick<Config, 'db' | 'dataDir'>, applicationName?: string): Promise<OpenedDatabase> {
  const embedded = config.db.url ? undefined : await startEmbeddedPostgres(config.dataDir);
  const url = config.db.url ?? embedded!.url;
  const handle = connectDb(url, { poolMax: embedded ? 1 : config.db.poolMax, ...(applicationName ? { applicationName } : {}) });
  return {
    handle,
    description: embedded ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : describeDatabaseUrl(url),
    async close() {
      await handle.destroy();
      // Last: the embedded database flushes its files on close.
      await embedded?.close();
    },
  };
}
