export { connectDb, describeDatabaseUrl, type DbHandle } from './connect';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
export { connectConfiguredDatabase, type OpenedDatabase } from './configured';
export { migrateToLatest } from './migrate';
export type { Database } from './database';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database';
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
