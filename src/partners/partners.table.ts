import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface PartnerTable {
  id: Generated<string>;
  name: string;
  /** ISO 3166-1 alpha-2 codes the partner covers. */
  countries: string[];
  referral_url: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export const CONTACT_REQUEST_STATUSES = ['with_sales', 'referral_pending', 'referred', 'referral_failed'] as const;
export type ContactRequestStatus = (typeof CONTACT_REQUEST_STATUSES)[number];

export interface ContactRequestTable {
  id: Generated<string>;
  order_id: string;
  status: ContactRequestStatus;
  partner_id: string | null;
  referral_jti: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  referred_at: NullableTimestamp;
}

export interface DisclosureTable {
  id: Generated<number>;
  partner_id: string;
  order_id: string;
  contact_request_id: string;
  /** Names of the fields sent (`customer.email`), never their values. */
  fields: string[];
  reason: string;
  jti: string;
  disclosed_at: Timestamp;
  attempts: Generated<number>;
  acknowledged_at: NullableTimestamp;
}

export type PartnerRow = Selectable<PartnerTable>;
export type ContactRequestRow = Selectable<ContactRequestTable>;
export type DisclosureRow = Selectable<DisclosureTable>;
