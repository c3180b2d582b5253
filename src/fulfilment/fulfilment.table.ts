import type { ColumnType, Generated, Selectable } from 'kysely';

type Time = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** One licence per software order line; `licence_key` is the signed key as the shopper pastes it. */
export interface LicenceTable {
  id: string;
  order_id: string;
  line_no: number;
  sku: string;
  quantity: number;
  licence_key: string;
  issued_at: Time;
  expires_at: NullableTime;
  revoked_at: NullableTime;
  revoke_reason: string | null;
}

/** One ticket per event seat; `token` is the signed text the QR code holds. */
export interface TicketTable {
  id: string;
  order_id: string;
  line_no: number;
  seat_no: number;
  sku: string;
  code: string;
  token: string;
  issued_at: Time;
  checked_in_at: NullableTime;
  checked_in_by: string | null;
  revoked_at: NullableTime;
}

/** One row per training seat; the shopper names who takes it. `version` counts the changes, so
 * each named attendee gets their own invitation once. */
export interface AttendeeTable {
  id: Generated<string>;
  order_id: string;
  line_no: number;
  seat_no: number;
  sku: string;
  name: string | null;
  email: string | null;
  version: Generated<number>;
  updated_at: Time;
  released_at: NullableTime;
}

export interface DownloadLinkTable {
  id: string;
  licence_id: string;
  expires_at: Time;
  max_uses: number;
  uses: Generated<number>;
  created_at: Time;
}

export type LicenceRow = Selectable<LicenceTable>;
export type TicketRow = Selectable<TicketTable>;
export type AttendeeRow = Selectable<AttendeeTable>;
export type DownloadLinkRow = Selectable<DownloadLinkTable>;
