import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface MerchantWebhookEndpointTable {
  id: Generated<string>;
  url: string;
  event_types: string[];
  active: Generated<boolean>;
  /** The whsec_ signing secret; answered once, on create. */
  secret: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MerchantEventTable {
  /** `msg_...`: the `webhook-id` of every delivery of this event, retries and redeliveries included. */
  id: string;
  type: string;
  /** What makes the event happen once (`order.paid:<order id>`); null for events without one. */
  dedupe_key: string | null;
  data: ColumnType<unknown, string, string>;
  created_at: Timestamp;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

export interface MerchantWebhookDeliveryTable {
  id: Generated<number>;
  event_id: string;
  endpoint_id: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  redeliveries: Generated<number>;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

export interface MerchantWebhookAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
}

export type EndpointRow = Selectable<MerchantWebhookEndpointTable>;
export type MerchantEventRow = Selectable<MerchantEventTable>;
export type DeliveryRow = Selectable<MerchantWebhookDeliveryTable>;
export type AttemptRow = Selectable<MerchantWebhookAttemptTable>;
