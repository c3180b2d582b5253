export { IdempotentRequest, readIdempotencyKey, requestHash, IDEMPOTENCY_RETENTION_HOURS, type Claim } from './idempotency';
export { deleteKeysForResources, purgeKeysOlderThan } from './idempotency.repository';
