export { connectDb, describeDatabaseUrl, type ConnectOptions, type DbHandle } from './connect';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
export { connectConfiguredDatabase, type OpenedDatabase } from './configured';
export { migrateToLatest } from './migrate';
export { replaceMatches } from './regexp';
export { databaseFault, isTransactionConflict, type DatabaseFault } from './errors';
export { setLocalLimits, type DbLimits } from './limits';
export { beforeCommit, retryingTransaction } from './transaction';
