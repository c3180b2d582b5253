import { findCurrency } from '../shared/currencies';

/** How prices are entered and tax is rounded (store settings, README "Tax"). */
export interface TaxMath {
  /** Prices as entered include tax: the shown price is what the shopper pays. */
  pricesIncludeTax: boolean;
  /** 'line': each line's tax rounded on its own; 'order': rounded once per rate, on the sum of its lines. */
  rounding: 'line' | 'order';
}

export interface TaxedAmount {
  amount: number;
  rate_bp: number;
  /** Lines are grouped per country and rate when rounding per order. */
  country: string;
}

/** num/den rounded half up to a multiple of step, in integers (amounts stay far below 2^53). */
function roundHalfUp(num: number, den: number, step: number): number {
  return Math.floor((2 * num + den * step) / (2 * den * step)) * step;
}

/** The tax in each line, rounded to the smallest amount the processor charges in the currency
 * (a cent, 10 fils for KWD, a krona for ISK). Tax included in a price is price × rate / (1 + rate).
 * Rounding per order: each group's tax is rounded once on its sum, and what that differs from the
 * lines' own roundings goes to the group's largest line, so the lines still add up to the order. */
export function taxPerLine(lines: TaxedAmount[], currency: string, math: TaxMath): number[] {
  const step = findCurrency(currency)?.step ?? 1;
  const den = (rate: number) => (math.pricesIncludeTax ? 10_000 + rate : 10_000);
  const taxes = lines.map((l) => roundHalfUp(l.amount * l.rate_bp, den(l.rate_bp), step));
  if (math.rounding === 'line') return taxes;
  const groups = new Map<string, number[]>();
  lines.forEach((l, i) => groups.set(`${l.country}:${l.rate_bp}`, [...(groups.get(`${l.country}:${l.rate_bp}`) ?? []), i]));
  for (const members of groups.values()) {
    const rate = lines[members[0]!]!.rate_bp;
    const whole = roundHalfUp(members.reduce((s, i) => s + lines[i]!.amount, 0) * rate, den(rate), step);
    const largest = members.reduce((a, b) => (lines[b]!.amount > lines[a]!.amount ? b : a));
    taxes[largest]! += whole - members.reduce((s, i) => s + taxes[i]!, 0);
  }
  return taxes;
}
