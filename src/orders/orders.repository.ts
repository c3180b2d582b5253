import { sql } from 'kysely';
import { replaceMatches } from '../shared/db';
import type { NewOrderRow, OrderHistoryRow, OrderItemRow, OrderRow, OrderStatus, OrderTable, PaymentMethod } from './orders.table';
import type { ExpressionBuilder, Updateable } from 'kysely';
import type { Database, Db, Tx } from '../database';

export async function nextOrderNumber(tx: Tx): Promise<string> {
  const { rows } = await sql<{ n: string }>`select nextval('order_number_seq')::text as n`.execute(tx);
  return `HO-${new Date().getUTCFullYear()}-${rows[0]!.n.padStart(6, '0')}`;
}

/** The order and its lines as stored (the lines come back from their insert, in line order, so
 * nobody needs to read them again in the same request). */
export async function insertOrder(tx: Tx, order: NewOrderRow, items: Omit<OrderItemRow, 'order_id'>[]): Promise<{ order: OrderRow; items: OrderItemRow[] }> {
  const row = await tx.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow();
  const lines = await tx
    .insertInto('order_items')
    .values(items.map((i) => ({ ...i, order_id: row.id })))
    .returningAll()
    .execute();
  return { order: row, items: lines.sort((a, b) => a.line_no - b.line_no) };
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

/** The order of a processor session, locked: the usual way a processor message finds its order,
 * in one statement rather than a lookup and then the lock. */
export async function lockOrderBySession(tx: Tx, sessionId: string): Promise<OrderRow | undefined> {
  return tx.selectFrom('orders').selectAll().where('processor_session_id', '=', sessionId).forUpdate().executeTakeFirst();
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

export interface HistoryEntry {
  orderId: string;
  actor: string;
  event: string;
  from?: string | null;
  to?: string | null;
  detail?: unknown;
}

/** One entry, or several in one statement (ids, and so the history's order, as given). */
export async function insertHistory(db: Db | Tx, entries: HistoryEntry | HistoryEntry[]): Promise<void> {
  const rows = (Array.isArray(entries) ? entries : [entries]).map((e) => ({
    order_id: e.orderId,
    actor: e.actor,
    event: e.event,
    from_status: e.from ?? null,
    to_status: e.to ?? null,
    detail: e.detail === undefined ? null : JSON.stringify(e.detail),
  }));
  if (rows.length > 0) await db.insertInto('order_history').values(rows).execute();
}

export async function findHistoryForOrder(db: Db | Tx, orderId: string) {
  return db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('id').execute();
}

export async function findHistoryForOrders(db: Db | Tx, orderIds: string[]): Promise<OrderHistoryRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('order_history').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute();
}

export async function findItemsForOrders(db: Db | Tx, orderIds: string[]): Promise<OrderItemRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute();
}

export interface OrderFilter {
  status?: OrderStatus | undefined;
  payment_method?: PaymentMethod | undefined;
  /** Finds an order by what a clerk has in hand: its payment reference (ours, or the processor's
   * payment intent or session), its number, or part of the customer's email, name or company. */
  q?: string | undefined;
  needs_attention?: boolean | undefined;
  /** Only orders placed at least this many days ago (the queue's "age" filter). */
  older_than_days?: number | undefined;
}

/** A position in a newest-first listing: the last row's creation time in microseconds since the
 * epoch (exact; a JS Date would round to milliseconds and skip rows) and its id, the tie-breaker. */
export interface OrderPosition {
  createdUs: string;
  id: string;
}

export type ListedOrderRow = OrderRow & { created_us: string };

/** One page, newest first, after `after`: keyset pagination on (created_at, id), which the
 * orders_created_idx / orders_status_created_idx indexes serve in order. */
export async function listOrdersNewestFirst(db: Db, filter: OrderFilter, after: OrderPosition | undefined, limit: number): Promise<ListedOrderRow[]> {
  let q = db
    .selectFrom('orders')
    .selectAll()
    .select(sql<string>`(extract(epoch from created_at) * 1000000)::bigint::text`.as('created_us'));
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.payment_method) q = q.where('payment_method', '=', filter.payment_method);
  if (filter.needs_attention !== undefined) q = q.where('needs_attention', '=', filter.needs_attention);
  if (filter.older_than_days !== undefined) q = q.where('created_at', '<=', sql<Date>`now() - ${filter.older_than_days} * interval '1 day'`);
  if (filter.q) q = q.where(searchMatches(filter.q));
  if (after) {
    q = q.where(sql<boolean>`(created_at, id) < (timestamptz 'epoch' + ${after.createdUs}::bigint * interval '1 microsecond', ${after.id}::uuid)`);
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** Exact on references and the number (any case), a substring on email, name and company. A
 * sequential scan: the console's search is for a clerk, not a hot path; a trigram index can come
 * once the table is large enough for it to matter. */
function searchMatches(text: string) {
  const like = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (eb: ExpressionBuilder<Database, 'orders'>) =>
    eb.or([
      eb(eb.fn('upper', ['offline_reference']), '=', text.toUpperCase()),
      eb(eb.fn('upper', ['number']), '=', text.toUpperCase()),
      eb('processor_payment_intent', '=', text),
      eb('processor_session_id', '=', text),
      eb('customer_email', 'ilike', like),
      eb('customer_name', 'ilike', like),
      eb('customer_company', 'ilike', like),
    ]);
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

/** Card orders still waiting for the processor after `ageSeconds`, oldest first. */
export async function findPendingCardOrderIds(db: Db, ageSeconds: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'pending_payment')
    .where('payment_method', '=', 'card')
    .where('created_at', '<=', sql<Date>`now() - ${`${ageSeconds} seconds`}::interval`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The order holding this processor reference (session or PaymentIntent), or with this id. */
export async function findOrderIdBy(db: Db | Tx, by: { sessionId: string } | { paymentIntent: string } | { id: string }): Promise<string | undefined> {
  let q = db.selectFrom('orders').select('id');
  if ('sessionId' in by) q = q.where('processor_session_id', '=', by.sessionId);
  else if ('paymentIntent' in by) q = q.where('processor_payment_intent', '=', by.paymentIntent);
  else q = q.where('id', '=', by.id);
  return (await q.executeTakeFirst())?.id;
}

/** Every order placed with this address, in any case, oldest first. */
export async function findOrdersByEmail(db: Db | Tx, email: string): Promise<OrderRow[]> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where(sql<string>`lower(customer_email)`, '=', email.toLowerCase())
    .orderBy('created_at')
    .execute();
}

/** The fields of an order that name its customer (the country stays for the books). */
export type OrderPersonalFields = Pick<OrderRow, 'id' | 'customer_name' | 'customer_email' | 'customer_company' | 'customer_phone'>;

const PERSONAL_COLUMNS = ['id', 'customer_name', 'customer_email', 'customer_company', 'customer_phone'] as const;

/** Locks the not yet erased orders placed with this address. */
export async function lockOrdersOfEmail(tx: Tx, email: string): Promise<OrderPersonalFields[]> {
  return tx
    .selectFrom('orders')
    .select(PERSONAL_COLUMNS)
    .where(sql<string>`lower(customer_email)`, '=', email.toLowerCase())
    .where('erased_at', 'is', null)
    .forUpdate()
    .execute();
}

/** Not yet erased orders placed before `placedBefore`, or expired or cancelled unpaid before
 * `abandonedBefore`. SKIP LOCKED, so two sweeps (or a sweep and a payment) never wait on each other. */
export async function lockOrdersDueForRetention(tx: Tx, due: { placedBefore: Date; abandonedBefore: Date }, limit: number): Promise<OrderPersonalFields[]> {
  return tx
    .selectFrom('orders')
    .select(PERSONAL_COLUMNS)
    .where('erased_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', due.placedBefore),
        eb.and([eb('created_at', '<', due.abandonedBefore), eb('status', 'in', ['expired', 'cancelled']), eb('amount_paid', '=', 0)]),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Marks the orders erased: the customer's fields become the pseudonym, and every match of
 * `pattern` in the attention reason becomes the pseudonym's name. Returns how many changed. */
export async function pseudonymiseOrders(tx: Tx, ids: string[], pseudonym: { name: string; email: string }, pattern: string): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await tx
    .updateTable('orders')
    // A VAT id and a purchase-order number can name a person (a sole trader, a buyer's own PO text).
    // Invoices already issued keep the buyer as issued: the law requires them kept unchanged.
    .set({
      customer_name: pseudonym.name,
      customer_email: pseudonym.email,
      customer_company: null,
      customer_phone: null,
      customer_vat_id: null,
      po_number: null,
      erased_at: new Date(),
      updated_at: new Date(),
    })
    .set((eb) => ({ attention_reason: replaceMatches(eb.ref('attention_reason'), pattern, pseudonym.name) }))
    .where('id', 'in', ids)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Every match of `pattern` in the orders' history details (read as JSON text, so the pattern
 * must match values as JSON writes them) becomes `tag`. Returns how many entries changed. */
export async function scrubOrderHistory(tx: Tx, orderIds: string[], pattern: string, tag: string): Promise<number> {
  if (orderIds.length === 0) return 0;
  const detail = sql<string>`detail::text`;
  const result = await tx
    .updateTable('order_history')
    .set({ detail: sql`${replaceMatches(detail, pattern, tag)}::jsonb` })
    .where('order_id', 'in', orderIds)
    .where(detail, '~*', pattern)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
