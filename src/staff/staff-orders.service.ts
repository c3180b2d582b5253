import { findOrderById, findOrderItems, OrderNotFound } from '../orders';
import { findContactRequestForOrder, findDisclosuresForOrder } from '../partners';
import type { Db } from '../shared/db';
import { decodeCursor, encodeCursor } from './cursor';
import { findHistoryForOrder, findItemsForOrders, findPaymentsForOrder, findRefundsForOrder, listOrdersPage, type QueueFilter } from './staff-orders.repository';
import { toStaffOrderDetail, toStaffOrderView } from './staff-order-view';
import type { StaffOrderDetail, StaffOrderView } from './staff.schemas';

export interface QueueRequest extends QueueFilter {
  limit: number;
  cursor?: string | undefined;
}

/** A page of the queue. One row more than asked tells whether another page follows, so the last
 * page never carries a cursor to an empty one. */
export async function listQueue(db: Db, req: QueueRequest): Promise<{ orders: StaffOrderView[]; next_cursor: string | null }> {
  const after = req.cursor === undefined ? undefined : decodeCursor(req.cursor);
  const rows = await listOrdersPage(db, { status: req.status, payment_method: req.payment_method }, after, req.limit + 1);
  const page = rows.slice(0, req.limit);
  const items = await findItemsForOrders(db, page.map((o) => o.id));
  const orders = page.map((o) => toStaffOrderView(o, items.filter((i) => i.order_id === o.id)));
  const last = page[page.length - 1];
  return { orders, next_cursor: rows.length > req.limit && last ? encodeCursor({ createdUs: last.created_us, id: last.id }) : null };
}

export async function getStaffOrder(db: Db, id: string): Promise<StaffOrderDetail> {
  const order = await findOrderById(db, id);
  if (!order) throw new OrderNotFound();
  const [items, payments, refunds, contactRequest, disclosures, history] = await Promise.all([
    findOrderItems(db, id),
    findPaymentsForOrder(db, id),
    findRefundsForOrder(db, id),
    findContactRequestForOrder(db, id),
    findDisclosuresForOrder(db, id),
    findHistoryForOrder(db, id),
  ]);
  return toStaffOrderDetail(toStaffOrderView(order, items), { payments, refunds, contactRequest, disclosures, history });
}
