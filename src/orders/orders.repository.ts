import { sql } from 'kysely';
import type { Db, Tx } from '../shared/db';
import type { NewOrderRow, OrderItemRow, OrderRow, OrderTable } from './orders.table';
import type { Updateable } from 'kysely';

export async function nextOrderNumber(tx: Tx): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('order_number_seq')::text as n`.execute(tx);
  return `HO-${new Date().getUTCFullYear()}-${rows[0]!.n.padStart(6, '0')}`;
}

export async function insertOrder(tx: Tx, order: NewOrderRow, items: Omit<OrderItemRow, 'order_id'>[]): Promise<OrderRow> {
  const row = await tx.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow();
  await tx.insertInto('order_items').values(items.map((i) => ({ ...i, order_id: row.id }))).execute();
  return row;
}

export async function findOrderById(db: Db | Tx, id: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findOrderBySessionId(db: Db | Tx, sessionId: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('processor_session_id', '=', sessionId).executeTakeFirst();
}

/** Locks the order row until the transaction ends: every state change goes through this. */
export async function lockOrderForUpdate(tx: Tx, id: string): Promise<OrderRow | undefined> {
  return tx.selectFrom('orders').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findOrderItems(db: Db | Tx, orderId: string): Promise<OrderItemRow[]> {
  return db.selectFrom('order_items').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
}

export async function updateOrder(db: Db | Tx, id: string, changes: Updateable<OrderTable>): Promise<OrderRow> {
  return db
    .updateTable('orders')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The same, only while the order still holds the status and amounts of `seen` (read earlier,
 * unlocked): undefined when something changed them meanwhile. Like any update, it holds the row
 * locked until the transaction ends, so it can stand in for lockOrderForUpdate. */
export async function updateOrderIfUnchanged(tx: Tx, seen: OrderRow, changes: Updateable<OrderTable>): Promise<OrderRow | undefined> {
  return tx
    .updateTable('orders')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', seen.id)
    .where('status', '=', seen.status)
    .where('amount_paid', '=', seen.amount_paid)
    .where('amount_refunded', '=', seen.amount_refunded)
    .returningAll()
    .executeTakeFirst();
}

export async function insertHistory(
  db: Db | Tx,
  e: { orderId: string; actor: string; event: string; from?: string | null; to?: string | null; detail?: unknown },
): Promise<void> {
  await db
    .insertInto('order_history')
    .values({ order_id: e.orderId, actor: e.actor, event: e.event, from_status: e.from ?? null, to_status: e.to ?? null, detail: e.detail === undefined ? null : JSON.stringify(e.detail) })
    .execute();
}
