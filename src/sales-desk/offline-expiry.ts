import { queueEmail } from '../notifications';
import { findOverdueOfflineOrderIds, insertHistory, lockOrderForUpdate, moveOrder, releaseOrderSeats, updateOrder } from '../orders';
import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import type { Db } from '../database';

const BATCH = 200;
const PARTLY_PAID_HOLD_EXPIRED = 'offline_hold_expired_partly_paid';

/**
 * The sweep: sales orders whose hold ran out expire, their seats go back and the shopper is told.
 * Each order in its own short transaction, re-checked under its row lock, so a payment recorded
 * at the same moment wins or loses cleanly and two instances sweeping at once do each order once.
 * A partly paid order is not expired (money was received): it is flagged for a person instead.
 */
export async function expireOverdueOfflineOrders(db: Db, now: Date = new Date()): Promise<number> {
  let expired = 0;
  for (const id of await findOverdueOfflineOrderIds(db, now, BATCH)) {
    if (await expireOne(db, id, now)) expired++;
  }
  return expired;
}

async function expireOne(db: Db, id: string, now: Date): Promise<boolean> {
  return retryingTransaction(db, async (tx) => {
    const order = await lockOrderForUpdate(tx, id);
    if (!order || order.status !== 'awaiting_offline_payment' || !order.hold_expires_at || order.hold_expires_at > now) return false;
    if (order.amount_paid > 0) {
      if (!order.needs_attention) {
        await updateOrder(tx, id, { needs_attention: true, attention_reason: PARTLY_PAID_HOLD_EXPIRED });
        await insertHistory(tx, { orderId: id, actor: 'system', event: 'needs_attention', detail: { reason: PARTLY_PAID_HOLD_EXPIRED } });
      }
      return false;
    }
    const moved = (await moveOrder(tx, order, 'expired', 'system', { reason: 'offline_hold_expired' })).order;
    const after = await releaseOrderSeats(tx, moved);
    await audit(tx, {
      actor: 'system',
      action: 'order.expired',
      subjectType: 'order',
      subjectId: id,
      before: { status: order.status, seats_held: order.seats_held },
      after: { status: after.status, seats_held: after.seats_held },
    });
    await queueEmail(tx, id, { kind: 'order_expired' });
    return true;
  });
}
