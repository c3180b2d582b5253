import { sql } from 'kysely';
import type { OrderItemRow, OrderRow, OrderStatus, PaymentMethod } from '../orders';
import type { PaymentRow } from '../payments';
import type { RefundRow } from '../refunds';
import type { Db, Tx } from '../shared/db';

export interface QueueFilter {
  status?: OrderStatus;
  payment_method?: PaymentMethod;
}

export type QueueRow = OrderRow & { created_us: string };

/** A position in the newest-first queue: the last row's creation time in microseconds since the
 * epoch (exact; a JS Date would round to milliseconds and skip rows) and its id, the tie-breaker. */
export interface QueueCursor {
  createdUs: string;
  id: string;
}

/** One page, newest first, after the cursor: keyset pagination on (created_at, id), which the
 * orders_created_idx / orders_status_created_idx indexes serve in order. */
export async function listOrdersPage(db: Db, filter: QueueFilter, after: QueueCursor | undefined, limit: number): Promise<QueueRow[]> {
  let q = db
    .selectFrom('orders')
    .selectAll()
    .select(sql<string>`(extract(epoch from created_at) * 1000000)::bigint::text`.as('created_us'));
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.payment_method) q = q.where('payment_method', '=', filter.payment_method);
  if (after) {
    q = q.where(sql<boolean>`(created_at, id) < (timestamptz 'epoch' + ${after.createdUs}::bigint * interval '1 microsecond', ${after.id}::uuid)`);
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function findItemsForOrders(db: Db | Tx, orderIds: string[]): Promise<OrderItemRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute();
}

export async function findPaymentsForOrder(db: Db | Tx, orderId: string): Promise<PaymentRow[]> {
  return db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

export async function findRefundsForOrder(db: Db | Tx, orderId: string): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

export async function findHistoryForOrder(db: Db | Tx, orderId: string) {
  return db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

/** Offline orders whose hold has run out. Partly paid ones already flagged for a person are left
 * out: the sweep does not expire money already received. */
export async function findOverdueOfflineOrderIds(db: Db, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'awaiting_offline_payment')
    .where('hold_expires_at', '<=', now)
    .where((eb) => eb.or([eb('amount_paid', '=', 0), eb('needs_attention', '=', false)]))
    .orderBy('hold_expires_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
