import { findOrderItems, insertHistory, updateOrder, type OrderRow } from '../orders';
import { audit } from '../audit';
import { queueEmail } from '../notifications';
import { retryingTransaction } from '../shared/db';
import { conflict, unprocessable } from '../shared/errors';
import { iso } from '../shared/time';
import { lockOrder } from './offline-orders.service';
import { MAX_HOLD_DAYS } from './sales-desk.schemas';
import { toStaffOrderView } from './staff-order-view';
import type { Db } from '../database';

const DAY_MS = 86_400_000;

/** The hold of a pay-via-sales order moved later: the seats stay held, the sweep waits longer.
 * Under the order's row lock, as the sweep takes it: an extension and an expiry at the same moment
 * take turns, and the second finds what the first did (an expired order cannot be extended; an
 * extended hold is no longer overdue). The same end asked again (a retry, a double click) changes
 * nothing and says so. */
export async function extendHold(db: Db, actor: string, orderId: string, until: Date, now: Date = new Date()) {
  return retryingTransaction(db, async (tx) => {
    const order = holdable(await lockOrder(tx, orderId));
    const current = order.hold_expires_at === null ? null : new Date(order.hold_expires_at);
    const latest = new Date(now.getTime() + MAX_HOLD_DAYS * DAY_MS);
    const refuse = (message: string) => unprocessable('hold_not_extended', `The hold on order ${order.number} cannot end then.`, [{ path: 'hold_expires_at', message }]);
    if (until <= now) throw refuse('Must be in the future.');
    if (current?.getTime() === until.getTime()) return { replayed: true, order: toStaffOrderView(order, await findOrderItems(tx, orderId)) };
    if (current && until < current) throw refuse(`Must be later than the current end, ${iso(current)}: a hold only moves later.`);
    if (until > latest) throw refuse(`At most ${MAX_HOLD_DAYS} days from now (${iso(latest)}).`);
    const after = await updateOrder(tx, orderId, { hold_expires_at: until });
    const change = { from: iso(current), to: iso(until) };
    await insertHistory(tx, { orderId, actor, event: 'hold_extended', detail: change });
    // The shopper's instructions named the old end; one email per new end (a retry of the same end
    // returned above and sends nothing), skipped if a later extension or a payment overtakes it.
    await queueEmail(tx, orderId, { kind: 'hold_extended', occurrence: change.to, detail: { to: change.to } });
    await audit(tx, {
      actor,
      action: 'order.hold_extended',
      subjectType: 'order',
      subjectId: orderId,
      before: { status: order.status, hold_expires_at: change.from, seats_held: order.seats_held },
      after: { status: after.status, hold_expires_at: change.to, seats_held: after.seats_held },
    });
    return { replayed: false, order: toStaffOrderView(after, await findOrderItems(tx, orderId)) };
  });
}

/** Only a pay-via-sales order still waiting for its money has a hold staff may move: a card
 * order's hold follows the processor's session, and a paid, cancelled or expired one holds nothing. */
function holdable(order: OrderRow): OrderRow {
  if (order.payment_method !== 'sales')
    throw conflict('not_a_sales_order', `Order ${order.number} is paid by card through the processor; its hold follows the processor's session.`);
  if (order.status !== 'awaiting_offline_payment')
    throw conflict('order_not_awaiting_payment', `Order ${order.number} is ${order.status}: only a pay-via-sales order awaiting payment has a hold to extend.`);
  return order;
}

/** A flag a person has dealt with, cleared with a note saying how. The note goes into the order's
 * history beside the reason and the clerk (erasure scrubs it there, as every history entry); the
 * audit log keeps the reason code only, never the note's words. */
export async function clearFlag(db: Db, actor: string, orderId: string, note: string, now: Date = new Date()) {
  return retryingTransaction(db, async (tx) => {
    const order = await lockOrder(tx, orderId);
    if (!order.needs_attention) throw conflict('order_not_flagged', `Order ${order.number} is not flagged for attention.`);
    // The sweep flags a partly paid order whose hold ran out again a minute later: the hold has to
    // move first, or the flag would come straight back and the note would describe nothing.
    const holdEnd = order.hold_expires_at === null ? null : new Date(order.hold_expires_at);
    if (order.status === 'awaiting_offline_payment' && order.amount_paid > 0 && holdEnd && holdEnd <= now) {
      throw conflict('hold_still_expired', `The hold on order ${order.number} ended at ${iso(holdEnd)} with money received; extend the hold first, then clear the flag.`);
    }
    const after = await updateOrder(tx, orderId, { needs_attention: false, attention_reason: null });
    await insertHistory(tx, { orderId, actor, event: 'attention_cleared', detail: { reason: order.attention_reason, note } });
    await audit(tx, {
      actor,
      action: 'order.attention_cleared',
      subjectType: 'order',
      subjectId: orderId,
      before: { needs_attention: true },
      after: { needs_attention: false },
      detail: { reason: order.attention_reason },
    });
    return { order: toStaffOrderView(after, await findOrderItems(tx, orderId)) };
  });
}
