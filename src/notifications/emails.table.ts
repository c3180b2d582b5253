import type { ColumnType, Generated, Selectable } from 'kysely';

export const EMAIL_KINDS = [
  'order_received',
  'payment_received',
  'order_expired',
  'order_cancelled',
  'sales_new_order',
  'sales_contact_request',
  'order_paid',
  'refund_issued',
  'hold_extended',
  // Delivery emails, rendered by fulfilment (see DeliveryRenderers).
  'licences_delivered',
  'tickets_delivered',
  'seats_delivered',
  'attendee_invitation',
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export type DeliveryEmailKind = 'licences_delivered' | 'tickets_delivered' | 'seats_delivered' | 'attendee_invitation';
const DELIVERY_KINDS: ReadonlySet<string> = new Set<DeliveryEmailKind>(['licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation']);
export const isDeliveryKind = (kind: EmailKind): kind is DeliveryEmailKind => DELIVERY_KINDS.has(kind);

/** The outbox: one row per email that must go out, written with the change it reports. The text is
 * rendered when it is sent, from the order, so no copy of personal data is kept here. */
export interface EmailTable {
  id: Generated<number>;
  dedupe_key: string;
  order_id: string;
  kind: EmailKind;
  recipient: 'shopper' | 'sales' | 'attendee';
  /** Amounts and the like for the text (never personal data). */
  detail: ColumnType<unknown, string | undefined, string>;
  status: Generated<'pending' | 'sent' | 'skipped'>;
  message_id: string | null;
  created_at: ColumnType<Date, never, never>;
  sent_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type EmailRow = Selectable<EmailTable>;
