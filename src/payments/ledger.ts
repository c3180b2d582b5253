import type { Tx } from '../shared/db';
import { canMove, insertHistory, moveOrder, releaseOrderSeats, settledStatus, updateOrder, type OrderRow } from '../orders';
import type { PaymentRecordMethod } from './payments.table';

/** Money in and out of an order, the same for every payment method. Each takes an order row the
 * caller has locked with `lockOrderForUpdate` in the same transaction. */

export interface PaymentInput {
  amount: number;
  currency: string;
  method: PaymentRecordMethod;
  reference?: string | null;
  /** The processor's PaymentIntent: unique, so a payment seen by the webhook, the return page and
   * the sweep is recorded once. */
  processorPaymentIntent?: string | null;
  processorCharge?: string | null;
  actor: string;
}

/** Records money received and moves the order to `paid` once the total is reached. Returns
 * `recorded: false` when this processor payment was recorded already. */
export async function recordPayment(tx: Tx, order: OrderRow, p: PaymentInput): Promise<{ recorded: boolean; order: OrderRow }> {
  const inserted = await tx
    .insertInto('payments')
    .values({
      order_id: order.id,
      amount: p.amount,
      currency: p.currency,
      method: p.method,
      reference: p.reference ?? null,
      processor_payment_intent: p.processorPaymentIntent ?? null,
      recorded_by: p.actor,
    })
    .onConflict((oc) => oc.column('processor_payment_intent').where('processor_payment_intent', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return { recorded: false, order };
  const amountPaid = order.amount_paid + p.amount;
  // One update: the amounts, the processor's references and, once the total is reached, `paid`.
  const becomesPaid = settledStatus(order.total, amountPaid, order.amount_refunded) === 'paid' && canMove(order.status, 'paid');
  const updated = await updateOrder(tx, order.id, {
    amount_paid: amountPaid,
    ...(p.processorPaymentIntent ? { processor_payment_intent: p.processorPaymentIntent } : {}),
    ...(p.processorCharge ? { processor_charge: p.processorCharge } : {}),
    ...(becomesPaid ? { status: 'paid' as const, paid_at: order.paid_at ?? new Date() } : {}),
  });
  await insertHistory(tx, { orderId: order.id, actor: p.actor, event: 'payment_recorded', detail: { payment_id: inserted.id, amount: p.amount, method: p.method } });
  if (becomesPaid) await insertHistory(tx, { orderId: order.id, actor: p.actor, event: 'status_changed', from: order.status, to: 'paid' });
  return { recorded: true, order: updated };
}

/** Adds a confirmed refund to the order; see applyRefundTotal. */
export async function applyRefund(tx: Tx, order: OrderRow, amount: number, actor: string): Promise<OrderRow> {
  return applyRefundTotal(tx, order, order.amount_refunded + amount, actor);
}

/** Raises the order's refunded amount to `refundedTotal`, the processor's own running total for
 * the payment, and moves it to partially_refunded / refunded; a full refund gives held seats back.
 * Absolute, never added: the same refund seen by an API answer, a webhook and its redelivery
 * counts once, and a total older than what we hold changes nothing. */
export async function applyRefundTotal(tx: Tx, order: OrderRow, refundedTotal: number, actor: string): Promise<OrderRow> {
  const refunded = Math.min(order.amount_paid, Math.max(order.amount_refunded, refundedTotal));
  if (refunded === order.amount_refunded) return order;
  let updated = await updateOrder(tx, order.id, { amount_refunded: refunded });
  const target = refunded >= updated.amount_paid ? 'refunded' : 'partially_refunded';
  updated = (await moveOrder(tx, updated, target, actor, { amount: refunded - order.amount_refunded, amount_refunded: refunded })).order;
  if (target === 'refunded') updated = await releaseOrderSeats(tx, updated);
  return updated;
}
