import { unprocessable } from '../shared/errors';
import { formatMinor, minorUnitDigits } from '../shared/money';

export const money = (amount: number, currency: string) => `${formatMinor(amount, currency)} ${currency}`;

/** Dates as a clerk reads them, in UTC (the console says so in its tables' captions). */
export const when = (iso: string | Date | null) => (iso === null ? '—' : new Date(iso).toISOString().slice(0, 16).replace('T', ' '));

export const STATUS_LABEL: Record<string, string> = {
  pending_payment: 'Pending card payment',
  awaiting_offline_payment: 'Awaiting payment via sales',
  paid: 'Paid',
  partially_refunded: 'Partly refunded',
  refunded: 'Refunded',
  expired: 'Expired',
  cancelled: 'Cancelled',
  disputed: 'Disputed',
};

/** A decimal typed by a person ("250", "250.5", "250,50") as a whole number of its `digits`-th
 * parts; undefined when it is not one, or has more decimals than that. */
function parseDecimal(text: string, digits: number): number | undefined {
  const m = /^(\d{1,15})(?:[.,](\d+))?$/.exec(text.trim());
  if (!m || (m[2] ?? '').length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
}

/** An amount typed in a currency, in minor units. The server does the arithmetic, never the form. */
export const parseMajorAmount = (text: string, currency: string) => parseDecimal(text, minorUnitDigits(currency));

/** The `amount` field of a console form in minor units, or a 422 naming it, with an example written
 * in the currency's own digits (250.00 EUR, 250 JPY, 250.000 KWD). */
export function amountField(text: string, currency: string): number {
  const amount = parseMajorAmount(text, currency);
  if (amount !== undefined) return amount;
  const example = formatMinor(250 * 10 ** minorUnitDigits(currency), currency);
  throw unprocessable('validation_failed', 'The amount is not a number of this currency.', [{ path: 'amount', message: `An amount in ${currency}, like ${example}.` }]);
}

/** A tax rate typed as a percentage ("19", "7.7") in basis points (1900, 770). */
export const parsePercent = (text: string) => parseDecimal(text, 2);

/** Basis points as a percentage: "19.00" in a form field, "19.00%" in a table. */
export const percentText = (bp: number) => (bp / 100).toFixed(2);
export const percent = (bp: number) => `${percentText(bp)}%`;

/** A minor-unit amount as the form field shows it back ("250.00"). */
export const majorText = (amount: number, currency: string) => formatMinor(amount, currency);
