import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export const ORDER_STATUSES = ['pending_payment', 'awaiting_offline_payment', 'paid', 'partially_refunded', 'refunded', 'expired', 'cancelled', 'disputed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const PAYMENT_METHODS = ['card', 'sales'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A column added later: a writer that predates it may leave it out. */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface OrderTable {
  id: Generated<string>;
  number: string;
  status: OrderStatus;
  payment_method: PaymentMethod;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  amount_paid: Generated<number>;
  amount_refunded: Generated<number>;
  customer_name: string;
  customer_email: string;
  customer_company: string | null;
  customer_country: string;
  customer_phone: string | null;
  /** Province or state, where tax depends on it (Canada's HST). */
  customer_region: Optional<string>;
  customer_vat_id: Optional<string>;
  po_number: Optional<string>;
  /** Why the order bears no tax (reverse charge, a country with no rate configured): printed with it. */
  tax_note: Optional<string>;
  marketing_opt_in: Generated<boolean>;
  contact_me: Generated<boolean>;
  gpc: Generated<boolean>;
  offline_reference: string | null;
  processor_session_id: string | null;
  processor_payment_intent: string | null;
  processor_charge: string | null;
  seats_held: Generated<boolean>;
  hold_expires_at: NullableTimestamp;
  needs_attention: Generated<boolean>;
  attention_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  erased_at: NullableTimestamp;
}

export interface OrderItemTable {
  order_id: string;
  line_no: number;
  sku: string;
  name: string;
  quantity: number;
  unit_amount: number;
  amount: number;
  tax_rate_bp: number;
  tax_amount: number;
  /** The country whose tax the line bears (the buyer's, or where an event takes place). */
  tax_country: Optional<string>;
}

export interface OrderHistoryTable {
  id: Generated<number>;
  order_id: string;
  at: Timestamp;
  actor: string;
  event: string;
  from_status: string | null;
  to_status: string | null;
  detail: unknown;
}

export type OrderRow = Selectable<OrderTable>;
export type NewOrderRow = Insertable<OrderTable>;
export type OrderItemRow = Selectable<OrderItemTable>;
export type OrderHistoryRow = Selectable<OrderHistoryTable>;
