import { findHistoryForOrder, findItemsForOrders, findOrderById, findOrderItems, listOrdersNewestFirst, OrderNotFound, type OrderFilter, type OrderPosition } from '../orders';
import { findContactRequestForOrder, findDisclosuresForOrder } from '../partners';
import { findPaymentsForOrder } from '../payments';
import { findRefundsForOrder } from '../refunds';
import { decodeCursor, fetchPage } from '../shared/http/paging';
import { isUuid } from '../shared/uuid';
import { toStaffOrderDetail, toStaffOrderView } from './staff-order-view';
import type { StaffOrderDetail, StaffOrderView } from './sales-desk.schemas';
import type { Db } from '../database';

export interface QueueRequest extends OrderFilter {
  limit: number;
  cursor?: string | undefined;
}

const MICROS = (s: string) => /^\d{1,18}$/.test(s);

/** A page of the queue, newest first; the cursor is the last row's (created_us, id). */
export async function listQueue(db: Db, req: QueueRequest): Promise<{ orders: StaffOrderView[]; next_cursor: string | null }> {
  const after = req.cursor === undefined ? undefined : queueCursor(req.cursor);
  const filter = { status: req.status, payment_method: req.payment_method, q: req.q, needs_attention: req.needs_attention, older_than_days: req.older_than_days };
  const page = await fetchPage(
    req.limit,
    (limit) => listOrdersNewestFirst(db, filter, after, limit),
    (last) => [last.created_us, last.id],
  );
  const items = await findItemsForOrders(
    db,
    page.rows.map((o) => o.id),
  );
  const orders = page.rows.map((o) =>
    toStaffOrderView(
      o,
      items.filter((i) => i.order_id === o.id),
    ),
  );
  return { orders, next_cursor: page.next_cursor };
}

function queueCursor(raw: string): OrderPosition {
  const [createdUs, id] = decodeCursor(raw, [MICROS, isUuid]);
  return { createdUs, id };
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
