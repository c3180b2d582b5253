import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface IdempotencyKeyTable {
  scope: string;
  /** SHA-256 of the client's Idempotency-Key: the key itself may hold anything and is never stored. */
  key_hash: Buffer;
  request_hash: string;
  state: 'running' | 'done';
  locked_until: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  response_status: number | null;
  response_body: ColumnType<unknown, string | null | undefined, string | null>;
  resource_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
