import type { Tx } from '../shared/db';
import { moveOrder, releaseOrderSeats, updateOrder, type OrderRow } from '../orders';

/** What refunds do to the order: its refunded amount and status. Each takes an order row the
 * caller has locked with `lockOrderForUpdate` in the same transaction. */

/** Adds a refund that staff recorded (the money went back by hand); see applyRefundTotal. */
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
