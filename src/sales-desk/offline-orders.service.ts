import { queueEmail } from '../notifications';
import { findOrderItems, lockOrderForUpdate, moveOrder, OrderNotFound, releaseOrderSeats, type OrderRow } from '../orders';
import { findPaymentByReference, recordPayment } from '../payments';
import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import { unprocessable } from '../shared/errors';
import { formatMinor } from '../shared/money';
import type { RecordPaymentInput } from './sales-desk.schemas';
import { toStaffOrderView } from './staff-order-view';
import type { Db, Tx } from '../database';

/** What the audit log keeps of an order around a staff action: states and amounts, nobody's name. */
const snapshot = (o: OrderRow) => ({ status: o.status, amount_paid: o.amount_paid, total: o.total, seats_held: o.seats_held });

/** The order row locked for this transaction. The lock makes two clerks recording the last
 * payment at once take turns: the second finds it paid (422). */
export async function lockOrder(tx: Tx, id: string): Promise<OrderRow> {
  const order = await lockOrderForUpdate(tx, id);
  if (!order) throw new OrderNotFound();
  return order;
}

/** The locked order, refused unless it is still awaiting payment via sales. */
function awaitingPayment(order: OrderRow, action: string): OrderRow {
  if (order.status !== 'awaiting_offline_payment') {
    const why = order.payment_method === 'card' && order.status === 'pending_payment' ? 'it is paid by card through the processor' : `it is ${order.status}`;
    throw unprocessable('order_not_awaiting_payment', `Order ${order.number} cannot ${action}: ${why}. Only pay-via-sales orders awaiting payment can.`);
  }
  return order;
}

/** A payment received by bank transfer, check or purchase order. Partial payments add up; the
 * order is paid once they reach the total. More than is outstanding, or another currency, is
 * refused rather than stored as a credit nobody asked for. */
export async function recordOfflinePayment(
  db: Db,
  actor: string,
  orderId: string,
  input: RecordPaymentInput,
): Promise<{ replayed: boolean; order: ReturnType<typeof toStaffOrderView>; payment: RecordPaymentInput }> {
  return retryingTransaction(db, async (tx) => {
    const locked = await lockOrder(tx, orderId);
    // The same transfer, check or purchase order recorded again (a retry, a double click) is the
    // payment already recorded, not a second one: checked under the order's lock, so two at once
    // take turns and the second finds the first.
    const same = await findPaymentByReference(tx, orderId, input.method, input.reference);
    if (same) {
      if (same.amount !== input.amount || same.currency !== input.currency) {
        throw unprocessable('payment_reference_recorded', `This ${input.method.replace('_', ' ')} reference is already recorded on order ${locked.number} with another amount.`, [
          { path: 'reference', message: 'Already recorded for this order.' },
        ]);
      }
      return { replayed: true, order: toStaffOrderView(locked, await findOrderItems(tx, orderId)), payment: input };
    }
    const order = awaitingPayment(locked, 'take a payment');
    if (input.currency !== order.currency) {
      throw unprocessable('currency_mismatch', `Order ${order.number} is in ${order.currency}.`, [
        { path: 'currency', message: `Must be ${order.currency}, the order's currency.` },
      ]);
    }
    const outstanding = order.total - order.amount_paid;
    if (input.amount > outstanding) {
      const most = `${formatMinor(outstanding, order.currency)} ${order.currency}`;
      throw unprocessable('overpayment', `Only ${most} is outstanding on order ${order.number}.`, [{ path: 'amount', message: `At most ${outstanding} (${most}).` }]);
    }
    const { order: after } = await recordPayment(tx, order, { amount: input.amount, currency: input.currency, method: input.method, reference: input.reference, actor });
    await audit(tx, {
      actor,
      action: 'order.payment_recorded',
      subjectType: 'order',
      subjectId: order.id,
      before: snapshot(order),
      after: snapshot(after),
      detail: { amount: input.amount, currency: input.currency, method: input.method },
    });
    // The running total names the payment: it only grows, so each payment gets its own receipt. The
    // payment that completes the order is confirmed by the order's receipt instead (order_paid).
    if (after.status !== 'paid') {
      await queueEmail(tx, order.id, { kind: 'payment_received', occurrence: String(after.amount_paid), detail: { amount: input.amount, amount_paid: after.amount_paid } });
    }
    return { replayed: false, order: toStaffOrderView(after, await findOrderItems(tx, order.id)), payment: input };
  });
}

/** An unpaid sales order called off: cancelled, seats back, the shopper told. An order with money
 * already received is refused: that money has to be settled first, not forgotten. */
export async function cancelOfflineOrder(db: Db, actor: string, orderId: string, reason: string | undefined) {
  return retryingTransaction(db, async (tx) => {
    const order = awaitingPayment(await lockOrder(tx, orderId), 'be cancelled');
    if (order.amount_paid > 0) {
      const paid = `${formatMinor(order.amount_paid, order.currency)} ${order.currency}`;
      throw unprocessable('order_has_payments', `Order ${order.number} has ${paid} paid already; record the rest, or have finance settle it, instead of cancelling.`);
    }
    const moved = (await moveOrder(tx, order, 'cancelled', actor, reason ? { reason } : undefined)).order;
    const after = await releaseOrderSeats(tx, moved);
    await audit(tx, { actor, action: 'order.cancelled', subjectType: 'order', subjectId: order.id, before: snapshot(order), after: snapshot(after) });
    await queueEmail(tx, order.id, { kind: 'order_cancelled' });
    return { order: toStaffOrderView(after, await findOrderItems(tx, order.id)) };
  });
}
