import { releaseSeats } from '../catalog';
import { recordOrderEvent } from '../merchant-webhooks';
import { canMove } from './order-status';
import { findOrderItems, insertHistory, updateOrder } from './orders.repository';
import type { OrderRow, OrderStatus } from './orders.table';
import type { Tx } from '../database';

/** The order-state changes that payments, refunds and the sales desk share. Each takes an order
 * row the caller has locked with `lockOrderForUpdate` in the same transaction. */

const TERMINAL: ReadonlySet<OrderStatus> = new Set(['expired', 'cancelled', 'refunded']);

/** Moves the order forward, or does nothing when the move is not allowed (late or repeated events). */
export async function moveOrder(tx: Tx, order: OrderRow, to: OrderStatus, actor: string, detail?: unknown): Promise<{ moved: boolean; order: OrderRow }> {
  if (!canMove(order.status, to)) return { moved: false, order };
  const updated = await updateOrder(tx, order.id, { status: to, ...(TERMINAL.has(to) ? { closed_at: new Date() } : {}) });
  await insertHistory(tx, { orderId: order.id, actor, event: 'status_changed', from: order.status, to, detail });
  // The merchant's systems hear of an order that ended unpaid in the same transaction.
  if (to === 'cancelled' || to === 'expired') await recordOrderEvent(tx, `order.${to}`, updated);
  return { moved: true, order: updated };
}

/** Gives the order's seats back to the catalog, once: `seats_held` is the guard. */
export async function releaseOrderSeats(tx: Tx, order: OrderRow): Promise<OrderRow> {
  if (!order.seats_held) return order;
  for (const item of await findOrderItems(tx, order.id)) await releaseSeats(tx, item.sku, item.quantity);
  const updated = await updateOrder(tx, order.id, { seats_held: false });
  await insertHistory(tx, { orderId: order.id, actor: 'system', event: 'seats_released' });
  return updated;
}
