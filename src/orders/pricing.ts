import type { FieldError } from '../shared/errors';
import { amountProblem } from '../shared/currencies';
import type { PricedLine } from '../catalog';
import type { OrderTax } from '../tax';
import type { OrderItemRow } from './orders.table';

export interface PricedOrder {
  lines: Array<Omit<OrderItemRow, 'order_id'>>;
  subtotal: number;
  tax: number;
  total: number;
  seats: Array<{ sku: string; quantity: number }>;
}

export interface UntaxedLine {
  line: Omit<OrderItemRow, 'order_id' | 'tax_rate_bp' | 'tax_amount' | 'tax_country'>;
  location: string | null;
}

/** Prices an order's lines from catalog rows (never from the request) and says what is wrong per
 * line: unknown or inactive sku, sales closed, no price in the currency, not enough seats. */
export function priceLines(
  requested: Array<{ sku: string; quantity: number }>,
  catalog: PricedLine[],
  currency: string,
  now = new Date(),
): { lines: UntaxedLine[]; errors: FieldError[] } {
  const bySku = new Map(catalog.map((p) => [p.sku, p]));
  const errors: FieldError[] = [];
  const lines: UntaxedLine[] = [];
  requested.forEach((item, i) => {
    const p = bySku.get(item.sku);
    const path = `items.${i}`;
    if (!p || !p.active) return errors.push({ path: `${path}.sku`, message: 'No such product on sale.' });
    if (p.sales_end_at !== null && now >= new Date(p.sales_end_at)) {
      return errors.push({ path: `${path}.sku`, message: `Sales of ${p.name} (${p.sku}) closed at ${new Date(p.sales_end_at).toISOString()}.` });
    }
    if (p.unit_amount === null) return errors.push({ path: `${path}.sku`, message: `Not sold in ${currency}.` });
    if (p.capacity !== null && p.capacity - p.seats_taken < item.quantity) {
      return errors.push({ path: `${path}.quantity`, message: `Only ${Math.max(0, p.capacity - p.seats_taken)} seats left.` });
    }
    const line = { line_no: i + 1, sku: p.sku, name: p.name, quantity: item.quantity, unit_amount: p.unit_amount, amount: p.unit_amount * item.quantity };
    lines.push({ line, location: p.location_country });
    return undefined;
  });
  return { lines, errors };
}

/** The order's totals once its lines are taxed. With prices that include tax the lines add up to the
 * total (what the shopper was shown) and the subtotal is what is left after tax; otherwise tax is
 * added on top. A total the processor would refuse is named here, before any processor call. */
export function totalOrder(
  untaxed: UntaxedLine[],
  taxed: OrderTax,
  currency: string,
  pricesIncludeTax: boolean,
  seated: Set<string>,
): { order: PricedOrder; errors: FieldError[] } {
  const lines = untaxed.map((u, i) => ({ ...u.line, ...taxed.lines[i]! }));
  const sum = lines.reduce((s, l) => s + l.amount, 0);
  const subtotal = pricesIncludeTax ? sum - taxed.tax : sum;
  const order = { lines, subtotal, tax: taxed.tax, total: subtotal + taxed.tax, seats: lines.filter((l) => seated.has(l.sku)).map((l) => ({ sku: l.sku, quantity: l.quantity })) };
  // Checked for every method, so a pay-via-sales order could still be paid by card.
  const problem = amountProblem(order.total, currency);
  return { order, errors: problem ? [{ path: 'items', message: `The order's total of ${order.total}: ${problem}` }] : [] };
}
