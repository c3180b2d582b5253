import { findCurrency } from './currencies';

/** Digits of the minor unit as the processor counts them (JPY 0, ISK 2, KWD 3); a code outside the
 * processor's table is shown with two. */
export function minorUnitDigits(currency: string): number {
  return findCurrency(currency)?.exponent ?? 2;
}

/** 4900 USD → "49.00"; 7500 JPY → "7500"; -150 EUR → "-1.50". Exact: integer arithmetic only. */
export function formatMinor(amount: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  if (digits === 0) return String(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Tax on an amount at a rate in basis points, rounded half up to the smallest amount the
 * processor charges in the currency (1 cent, 10 fils for KWD, 1 króna for ISK). */
export function taxOn(amount: number, rateBp: number, currency?: string): number {
  const step = (currency === undefined ? undefined : findCurrency(currency)?.step) ?? 1;
  // One rounding, straight to the step: rounding to the minor unit first could round twice.
  return Math.floor((amount * rateBp + step * 5000) / (step * 10000)) * step;
}
