import { sql } from 'kysely';
import { replaceMatches } from '../shared/db';
import type { RefundRow } from './refunds.table';
import type { Db, Tx } from '../database';

/** The one writer of the `refunds` table; others ask through `src/refunds/index.ts`. */

export interface NewRefund {
  orderId: string;
  amount: number;
  currency: string;
  reason: string | null;
  method: string;
  reference: string | null;
  requestedBy: string;
  /** Money already gone back (recorded by staff) is done when written; the rest waits to be moved. */
  settled: boolean;
}

export async function insertRefund(tx: Tx, r: NewRefund): Promise<RefundRow> {
  return tx
    .insertInto('refunds')
    .values({
      order_id: r.orderId,
      amount: r.amount,
      currency: r.currency,
      reason: r.reason,
      method: r.method,
      reference: r.reference,
      requested_by: r.requestedBy,
      status: r.settled ? 'succeeded' : 'pending',
      settled_at: r.settled ? new Date() : null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findRefundsForOrder(db: Db | Tx, orderId: string): Promise<RefundRow[]> {
  return db.selectFrom('refunds').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

export async function findRefundsForOrders(db: Db | Tx, orderIds: string[]): Promise<RefundRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('refunds').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').execute();
}

export async function findRefundById(db: Db | Tx, id: string): Promise<RefundRow | undefined> {
  return db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The automatic refund of one processor payment, if there is one already. */
export async function findAutoRefundFor(tx: Tx, reference: string, requestedBy: string): Promise<RefundRow | undefined> {
  return tx.selectFrom('refunds').selectAll().where('reference', '=', reference).where('requested_by', '=', requestedBy).executeTakeFirst();
}

/** Sum of the order's refunds in `status` (pending ones are money already promised back). */
export async function sumRefunds(db: Db | Tx, orderId: string, status: 'pending' | 'succeeded'): Promise<number> {
  const row = await db
    .selectFrom('refunds')
    .select(sql<number>`coalesce(sum(amount), 0)::bigint`.as('total'))
    .where('order_id', '=', orderId)
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return row.total;
}

/** Settles a pending refund, once: undefined when it was settled already. */
export async function settleRefund(tx: Tx, id: string, status: 'succeeded' | 'failed', processorRefundId: string | null): Promise<RefundRow | undefined> {
  return tx
    .updateTable('refunds')
    .set({ status, processor_refund_id: processorRefundId, settled_at: new Date() })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Staff refunds still pending `olderThanMs` after they were asked for: their request gave up
 * (processor down, client gone) and no retry came. Automatic refunds have their own job's retries. */
export async function findAbandonedRefunds(db: Db, olderThanMs: number, limit: number): Promise<Array<{ id: string; requested_by: string }>> {
  return db
    .selectFrom('refunds')
    .select(['id', 'requested_by'])
    .where('status', '=', 'pending')
    .where('requested_by', 'like', 'staff:%')
    .where('created_at', '<', sql<Date>`now() - ${`${olderThanMs} milliseconds`}::interval`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
}

/** Every match of `pattern` in the reasons, then in the references, of these orders' refunds
 * becomes `tag`. Returns the two counts added: a refund whose reason and reference both changed
 * counts twice. */
export async function scrubRefundText(tx: Tx, orderIds: string[], pattern: string, tag: string): Promise<number> {
  if (orderIds.length === 0) return 0;
  let changed = 0;
  for (const column of ['reason', 'reference'] as const) {
    const result = await tx
      .updateTable('refunds')
      .set(column, (eb) => replaceMatches(eb.ref(column), pattern, tag))
      .where('order_id', 'in', orderIds)
      .where(column, '~*', pattern)
      .executeTakeFirst();
    changed += Number(result.numUpdatedRows);
  }
  return changed;
}
