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

export type PaymentRow = Selectable<PaymentTable>;
