import type { ColumnType } from 'kysely';

/** The inbox of processor events: one row per event id, so a redelivery is recognised. */
export interface WebhookEventTable {
  event_id: string;
  type: string;
  object_id: string | null;
  received_at: ColumnType<Date, Date | string | undefined, Date | string>;
  processed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  outcome: string | null;
}
