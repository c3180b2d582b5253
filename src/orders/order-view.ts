import type { OrderView } from './orders.schemas';
import type { OrderItemRow, OrderRow } from './orders.table';
import { iso } from '../shared/time';

export function toOrderView(o: OrderRow, items: OrderItemRow[]): OrderView {
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    payment_method: o.payment_method,
    currency: o.currency,
    items: items.map((i) => ({ sku: i.sku, name: i.name, quantity: i.quantity, unit_amount: i.unit_amount, amount: i.amount })),
    subtotal: o.subtotal,
    tax: o.tax,
    total: o.total,
    amount_paid: o.amount_paid,
    amount_refunded: o.amount_refunded,
    tax_note: o.tax_note,
    po_number: o.po_number,
    created_at: iso(o.created_at),
    paid_at: iso(o.paid_at),
  };
}
