import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface RefundTable {
  id: Generated<string>;
  order_id: string;
  amount: number;
  currency: string;
  reason: string | null;
  /** How the money went back: `card` (through the processor) or the offline method staff used. */
  method: string;
  /** The offline transfer or cheque reference, or the processor payment an automatic refund gives back. */
  reference: string | null;
  processor_refund_id: string | null;
  status: Generated<'pending' | 'succeeded' | 'failed'>;
  requested_by: string;
  created_at: Timestamp;
  settled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export type RefundRow = Selectable<RefundTable>;
