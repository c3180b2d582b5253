import { recordOrderEvent } from '../merchant-webhooks';
import { queueEmail } from '../notifications';
import { queueRevocation } from '../fulfilment';
import { moveOrder, releaseOrderSeats, updateOrder, updateOrderIfUnchanged, type OrderRow } from '../orders';
import type { Tx } from '../database';

/** What refunds do to the order: its refunded amount and status. */

/** Adds a refund that staff recorded (the money went back by hand) to an order the caller has
 * locked; see applyRefundTotal. */
export async function applyRefund(tx: Tx, order: OrderRow, amount: number, actor: string): Promise<OrderRow> {
  return applyRefundTotal(tx, order, order.amount_refunded + amount, actor);
}

/** Raises the refunded amount of an order the caller has locked to `refundedTotal`, the
 * processor's own running total for the payment, and moves it to partially_refunded / refunded; a
 * full refund gives held seats back. Absolute, never added: the same refund seen by an API answer,
 * a webhook and its redelivery counts once, and a total older than what we hold changes nothing. */
export async function applyRefundTotal(tx: Tx, order: OrderRow, refundedTotal: number, actor: string): Promise<OrderRow> {
  return (await raiseRefunded(tx, order, refundedTotal, actor, (refunded) => updateOrder(tx, order.id, { amount_refunded: refunded }))) ?? order;
}

/** The same for an order read before, unlocked: its first write checks that nothing changed the
 * order since, and takes the row lock. Undefined when it did change, or there is nothing to write:
 * the caller then locks the order and applies the total to what it holds now. */
export async function applyRefundTotalIfUnchanged(tx: Tx, seen: OrderRow, refundedTotal: number, actor: string): Promise<OrderRow | undefined> {
  return raiseRefunded(tx, seen, refundedTotal, actor, (refunded) => updateOrderIfUnchanged(tx, seen, { amount_refunded: refunded }));
}

/** Writes the order's new refunded amount; undefined when the order was not written. */
type RefundedWrite = (refunded: number) => Promise<OrderRow | undefined>;

async function raiseRefunded(tx: Tx, order: OrderRow, refundedTotal: number, actor: string, write: RefundedWrite): Promise<OrderRow | undefined> {
  const refunded = Math.min(order.amount_paid, Math.max(order.amount_refunded, refundedTotal));
  if (refunded === order.amount_refunded) return undefined;
  let updated = await write(refunded);
  if (!updated) return undefined;
  const target = refunded >= updated.amount_paid ? 'refunded' : 'partially_refunded';
  updated = (await moveOrder(tx, updated, target, actor, { amount: refunded - order.amount_refunded, amount_refunded: refunded })).order;
  if (target === 'refunded') updated = await releaseOrderSeats(tx, updated);
  // Each rise of the refunded total is one event: a second partial refund is news too.
  await recordOrderEvent(tx, 'order.refunded', updated);
  // The shopper hears of each refund, whichever path brought it (API, processor webhook, staff).
  const detail = { amount: refunded - order.amount_refunded, amount_refunded: refunded };
  await queueEmail(tx, order.id, { kind: 'refund_issued', occurrence: String(refunded), detail });
  // What was delivered is taken back after commit, as far as the refunded total covers it.
  await queueRevocation(tx, order.id, `refund:${refunded}`);
  return updated;
}
