import type { ColumnType, Generated, Selectable } from 'kysely';

export const PAYMENT_RECORD_METHODS = ['card', 'bank_transfer', 'check', 'purchase_order', 'other'] as const;
export type PaymentRecordMethod = (typeof PAYMENT_RECORD_METHODS)[number];

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PaymentTable {
  id: Generated<string>;
  order_id: string;
  amount: number;
  currency: string;
  method: PaymentRecordMethod;
  reference: string | null;
  processor_payment_intent: string | null;
  recorded_by: string;
  created_at: Timestamp;
}

export interface WebhookEventTable {
  event_id: string;
  type: string;
  object_id: string | null;
  received_at: Timestamp;
  processed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  outcome: string | null;
}

export type PaymentRow = Selectable<PaymentTable>;
