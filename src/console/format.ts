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

/** An amount typed by a person ("250", "250.5", "250,50") in minor units; undefined when it is not
 * one, or has more decimals than the currency has. The server does the arithmetic, never the form. */
export function parseMajorAmount(text: string, currency: string): number | undefined {
  const digits = minorUnitDigits(currency);
  const m = /^(\d{1,15})(?:[.,](\d+))?$/.exec(text.trim());
  if (!m || (m[2] ?? '').length > digits) return undefined;
  return Number(m[1]) * 10 ** digits + Number((m[2] ?? '').padEnd(digits, '0') || '0');
}

/** A minor-unit amount as the form field shows it back ("250.00"). */
export const majorText = (amount: number, currency: string) => formatMinor(amount, currency);
