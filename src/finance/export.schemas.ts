import { z } from 'zod';
import { ORDER_STATUSES, PAYMENT_METHODS } from '../orders';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date as YYYY-MM-DD.', abort: true })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'Not a calendar date.');

/** Checked with the runtime's IANA database; PostgreSQL's own is checked again when the query runs. */
const timeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'Not an IANA time zone such as Europe/Berlin.');

/** One status or several, comma-separated: `status=paid,partially_refunded`. */
const statuses = z
  .string()
  .transform((s) => s.split(',').map((v) => v.trim()))
  .pipe(z.array(z.enum(ORDER_STATUSES)).min(1));

const period = {
  from: isoDate.optional().describe('First day, inclusive (YYYY-MM-DD, in `tz`)'),
  to: isoDate.optional().describe('Last day, inclusive (YYYY-MM-DD, in `tz`)'),
  tz: timeZone.default('UTC').describe('IANA time zone the dates are days in; timestamps in the file stay UTC'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as EUR.')
    .optional(),
};
const bom = z
  .enum(['0', '1'])
  .default('0')
  .transform((v) => v === '1')
  .describe('1: start with a UTF-8 byte-order mark (for spreadsheet programs)');
const notBeforeFrom: [(q: { from?: string | undefined; to?: string | undefined }) => boolean, { path: string[]; message: string }] = [
  (q) => q.from === undefined || q.to === undefined || q.from <= q.to,
  { path: ['to'], message: 'Must not be before `from`.' },
];

export const exportQuery = z
  .object({
    ...period,
    date_field: z.enum(['created', 'paid']).default('created').describe('Which date `from`/`to` apply to: created_at or paid_at'),
    status: statuses.optional().describe('One or more order statuses, comma-separated'),
    payment_method: z.enum(PAYMENT_METHODS).optional(),
    bom,
  })
  .strict()
  .refine(...notBeforeFrom);

export type ExportFilters = z.output<typeof exportQuery>;

/** The refunds and invoices exports and the period summary: a period of whole days in `tz`,
 * dated when the money moved (a refund's settlement, a document's issue), and a currency. */
export const reportQuery = z
  .object({ ...period, bom })
  .strict()
  .refine(...notBeforeFrom);

export const summaryQuery = z
  .object(period)
  .strict()
  .refine(...notBeforeFrom);

export type ReportFilters = z.output<typeof reportQuery>;
export type SummaryFilters = z.output<typeof summaryQuery>;

/** What any export reads: the period filters, and the order filters where the export has them. */
export type AnyExportFilters = SummaryFilters & Partial<Pick<ExportFilters, 'date_field' | 'status' | 'payment_method' | 'bom'>>;
