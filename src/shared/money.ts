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
