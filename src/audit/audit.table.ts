import type { ColumnType, Generated } from 'kysely';

type Json = ColumnType<unknown, string | null | undefined, never>;

export interface AuditLogTable {
  id: Generated<number>;
  at: ColumnType<Date, never, never>;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
  before: Json;
  after: Json;
  detail: Json;
}
