import type { FieldError } from '../shared/errors';
import { amountProblem } from '../shared/currencies';
import { taxOn } from '../shared/money';
import type { PricedLine } from '../catalog';
import type { OrderItemRow } from './orders.table';

export interface PricedOrder {
  lines: Array<Omit<OrderItemRow, 'order_id'>>;
  subtotal: number;
  tax: number;
  total: number;
  seats: Array<{ sku: string; quantity: number }>;
}

/** Prices an order from catalog rows (never from the request) and says what is wrong per line:
 * unknown or inactive sku, no price in the currency, not enough seats. */
export function priceOrder(
  requested: Array<{ sku: string; quantity: number }>,
  catalog: PricedLine[],
  currency: string,
  taxRateBp: number,
): { order: PricedOrder; errors: FieldError[] } {
  const bySku = new Map(catalog.map((p) => [p.sku, p]));
  const errors: FieldError[] = [];
  const order: PricedOrder = { lines: [], subtotal: 0, tax: 0, total: 0, seats: [] };
  requested.forEach((item, i) => {
    const p = bySku.get(item.sku);
    const path = `items.${i}`;
    if (!p || !p.active) return errors.push({ path: `${path}.sku`, message: 'No such product on sale.' });
    if (p.unit_amount === null) return errors.push({ path: `${path}.sku`, message: `Not sold in ${currency}.` });
    if (p.capacity !== null && p.capacity - p.seats_taken < item.quantity) {
      return errors.push({ path: `${path}.quantity`, message: `Only ${Math.max(0, p.capacity - p.seats_taken)} seats left.` });
    }
    const amount = p.unit_amount * item.quantity;
    const tax_amount = taxOn(amount, taxRateBp, currency);
    order.lines.push({ line_no: i + 1, sku: p.sku, name: p.name, quantity: item.quantity, unit_amount: p.unit_amount, amount, tax_rate_bp: taxRateBp, tax_amount });
    if (p.capacity !== null) order.seats.push({ sku: p.sku, quantity: item.quantity });
    return undefined;
  });
  order.subtotal = order.lines.reduce((s, l) => s + l.amount, 0);
  order.tax = order.lines.reduce((s, l) => s + l.tax_amount, 0);
  order.total = order.subtotal + order.tax;
  // Checked for every method, so a pay-via-sales order could still be paid by card.
  const problem = errors.length === 0 ? amountProblem(order.total, currency) : null;
  if (problem) errors.push({ path: 'items', message: `The order's total of ${order.total}: ${problem}` });
  return { order, errors };
}
