import type { FieldError } from '../shared/errors';
import { decideTax, type SuppliedLine, type TaxBuyer, type TaxPolicy } from './place-of-supply';
import { taxPerLine, type TaxMath } from './tax-amounts';
import { findRatesInForce } from './tax.repository';
import type { Db, Tx } from '../database';

export type TaxSettings = TaxPolicy & TaxMath;

export interface LineTax {
  tax_country: string;
  tax_rate_bp: number;
  tax_amount: number;
}

export interface OrderTax {
  lines: LineTax[];
  tax: number;
  note: string | null;
  errors: FieldError[];
}

/** The tax of an order's lines on `day` (the order's date, in UTC), at the rates in force then. */
export async function taxOrder(
  db: Db | Tx,
  settings: TaxSettings,
  order: { currency: string; buyer: TaxBuyer; lines: Array<SuppliedLine & { amount: number }> },
  day: string,
): Promise<OrderTax> {
  const countries = [...new Set([order.buyer.country, ...order.lines.flatMap((l) => (l.location ? [l.location] : []))])];
  const decision = decideTax(settings, order.buyer, order.lines, await findRatesInForce(db, countries, day));
  const amounts = taxPerLine(
    order.lines.map((l, i) => ({ amount: l.amount, ...decision.lines[i]! })),
    order.currency,
    settings,
  );
  const lines = decision.lines.map((d, i) => ({ tax_country: d.country, tax_rate_bp: d.rate_bp, tax_amount: amounts[i]! }));
  return { lines, tax: amounts.reduce((s, a) => s + a, 0), note: decision.note, errors: decision.errors };
}
