import { insertHistory, updateOrder, type OrderRow } from '../../orders';
import type { Tx } from '../../database';

/** Marks the order for staff, with the reason on the order and the details in its history. */
export async function flagOrder(tx: Tx, order: OrderRow, reason: string, actor: string, detail: Record<string, unknown>): Promise<OrderRow> {
  const updated = await updateOrder(tx, order.id, { needs_attention: true, attention_reason: reason });
  await insertHistory(tx, { orderId: order.id, actor, event: 'flagged', detail: { reason, ...detail } });
  return updated;
}
