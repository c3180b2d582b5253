export { IdempotentRequest, readIdempotencyKey, requestHash, IDEMPOTENCY_RETENTION_HOURS, type Claim } from './idempotency';
export { purgeKeysOlderThan } from './idempotency.repository';
