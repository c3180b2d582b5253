import { replaceMatches } from '../shared/db';
import type { PaymentRecordMethod, PaymentRow } from './payments.table';
import type { Db, Tx } from '../database';

export interface NewPayment {
  orderId: string;
  amount: number;
  currency: string;
  method: PaymentRecordMethod;
  reference: string | null;
  processorPaymentIntent: string | null;
  recordedBy: string;
}

/** The payment's id, or undefined when a payment with this PaymentIntent is recorded already (the
 * unique index makes the webhook, the return page and the sweep record it once). */
export async function insertPayment(tx: Tx, p: NewPayment): Promise<string | undefined> {
  const row = await tx
    .insertInto('payments')
    .values({
      order_id: p.orderId,
      amount: p.amount,
      currency: p.currency,
      method: p.method,
      reference: p.reference,
      processor_payment_intent: p.processorPaymentIntent,
      recorded_by: p.recordedBy,
    })
    .onConflict((oc) => oc.column('processor_payment_intent').where('processor_payment_intent', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function isPaymentRecorded(db: Db | Tx, paymentIntent: string): Promise<boolean> {
  const row = await db.selectFrom('payments').select('id').where('processor_payment_intent', '=', paymentIntent).executeTakeFirst();
  return row !== undefined;
}

export async function findPaymentsForOrders(db: Db | Tx, orderIds: string[]): Promise<PaymentRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('payments').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').execute();
}

export async function findPaymentsForOrder(db: Db | Tx, orderId: string): Promise<PaymentRow[]> {
  return db.selectFrom('payments').selectAll().where('order_id', '=', orderId).orderBy('created_at').orderBy('id').execute();
}

/** The payment recorded on the order with this method and reference (a transfer, check or
 * purchase order is recorded once). */
export async function findPaymentByReference(db: Db | Tx, orderId: string, method: PaymentRecordMethod, reference: string): Promise<PaymentRow | undefined> {
  return db.selectFrom('payments').selectAll().where('order_id', '=', orderId).where('method', '=', method).where('reference', '=', reference).executeTakeFirst();
}

/** Every match of `pattern` in the references of these orders' payments (free text staff typed)
 * becomes `tag`. Returns how many payments changed. */
export async function scrubPaymentReferences(tx: Tx, orderIds: string[], pattern: string, tag: string): Promise<number> {
  if (orderIds.length === 0) return 0;
  const result = await tx
    .updateTable('payments')
    .set((eb) => ({ reference: replaceMatches(eb.ref('reference'), pattern, tag) }))
    .where('order_id', 'in', orderIds)
    .where('reference', '~*', pattern)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
