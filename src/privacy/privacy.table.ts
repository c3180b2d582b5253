import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string>;

export const CONSENT_PURPOSES = ['product_alerts'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** Append-only (a trigger): rows are added; only a withdrawal or an erasure changes one. */
export interface ConsentTable {
  id: Generated<number>;
  email: string;
  purpose: ConsentPurpose;
  given_at: Timestamp;
  order_id: string | null;
  wording_version: string;
  wording: string;
  /** Where the consent was given, e.g. `checkout`. */
  source: string;
  withdrawn_at: NullableTimestamp;
  /** How it was withdrawn, e.g. `unsubscribe_link`, `one_click`. */
  withdrawn_via: string | null;
}

export const PRIVACY_REQUEST_KINDS = ['access', 'erasure', 'retention'] as const;
export type PrivacyRequestKind = (typeof PRIVACY_REQUEST_KINDS)[number];

export interface PrivacyRequestTable {
  id: Generated<number>;
  kind: PrivacyRequestKind;
  /** A keyed hash of the email (never the email): lets us answer "was this person erased?". */
  subject_hash: string | null;
  requested_by: string;
  at: Timestamp;
  counts: ColumnType<unknown, string | undefined, never>;
}

export type ConsentRow = Selectable<ConsentTable>;
export type PrivacyRequestRow = Selectable<PrivacyRequestTable>;
