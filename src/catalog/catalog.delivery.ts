import { z } from 'zod';
import type { FieldError } from '../shared/errors';
import type { ProductKind, ProductRow } from './catalog.table';

/** What delivery needs from a product, per kind. Times are instants with an offset (stored UTC);
 * `time_zone` is the IANA zone the event is held in, used to show local times and in .ics files. */
const instant = z.iso.datetime({ offset: true, message: 'An ISO 8601 date-time with an offset, e.g. 2027-03-04T09:00:00+01:00.' });
const zone = z
  .string()
  .max(64)
  .refine((tz) => isTimeZone(tz), 'An IANA time zone such as Europe/Berlin.');
const place = z.string().trim().min(1, 'Required.').max(300, 'At most 300 characters.');
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'A file name in the downloads directory: letters, digits, dot, dash, underscore.');

export const deliveryFields = {
  licence_term_months: z.number().int('Whole months.').min(1).max(1200).nullable().optional().describe('Software: months a licence runs; null for perpetual'),
  download_file: fileName.nullable().optional().describe('Software: a file in DOWNLOADS_DIR handed out by signed, expiring links'),
  starts_at: instant.nullable().optional().describe('Training and events: when it starts'),
  ends_at: instant.nullable().optional().describe('Training: when it ends'),
  time_zone: zone.nullable().optional().describe('Training and events: the IANA time zone it is held in'),
  location: place.nullable().optional().describe('Training: where it is held (or use online_url)'),
  online_url: z
    .url({ protocol: /^https$/, message: 'An https:// link.' })
    .max(2000)
    .nullable()
    .optional()
    .describe('Training: the link to join online'),
  venue: place.nullable().optional().describe('Events: the venue'),
  sales_end_at: instant.nullable().optional().describe('Training and events: orders after this instant are refused'),
};

type DeliveryField = keyof typeof deliveryFields;
export type DeliveryInput = { [K in DeliveryField]?: string | number | null };

const ALLOWED: Record<ProductKind, readonly DeliveryField[]> = {
  software: ['licence_term_months', 'download_file'],
  training: ['starts_at', 'ends_at', 'time_zone', 'location', 'online_url', 'sales_end_at'],
  event: ['starts_at', 'time_zone', 'venue', 'sales_end_at'],
};

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The delivery fields of the product as it will be, checked against its kind: a field another
 * kind uses is refused by name, as is an end before the start or a start without its time zone. */
export function deliveryErrors(kind: ProductKind, sent: DeliveryInput, after: DeliveryInput): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of Object.keys(deliveryFields) as DeliveryField[]) {
    const value = sent[field];
    if (value !== undefined && value !== null && !ALLOWED[kind].includes(field)) {
      errors.push({ path: field, message: `Not a field of ${kind} products (they use ${ALLOWED[kind].join(', ')}).` });
    }
  }
  if (after.starts_at && after.ends_at && Date.parse(String(after.ends_at)) <= Date.parse(String(after.starts_at))) {
    errors.push({ path: 'ends_at', message: 'Must be after starts_at.' });
  }
  if (after.starts_at && !after.time_zone) errors.push({ path: 'time_zone', message: 'Required with starts_at.' });
  return errors;
}

/** The stored columns for the fields sent (instants as Dates). */
export function deliveryColumns(input: DeliveryInput): Partial<Pick<ProductRow, DeliveryField>> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(deliveryFields) as DeliveryField[]) {
    const value = input[field];
    if (value === undefined) continue;
    out[field] = value !== null && (field === 'starts_at' || field === 'ends_at' || field === 'sales_end_at') ? new Date(String(value)) : value;
  }
  return out;
}

/** The delivery fields of a stored product, as the admin API shows them. */
export function deliveryView(p: ProductRow) {
  const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  return {
    licence_term_months: p.licence_term_months,
    download_file: p.download_file,
    starts_at: iso(p.starts_at),
    ends_at: iso(p.ends_at),
    time_zone: p.time_zone,
    location: p.location,
    online_url: p.online_url,
    venue: p.venue,
    sales_end_at: iso(p.sales_end_at),
  };
}

export const deliveryViewSchema = z.object({
  licence_term_months: z.number().int().nullable(),
  download_file: z.string().nullable(),
  starts_at: z.string().nullable(),
  ends_at: z.string().nullable(),
  time_zone: z.string().nullable(),
  location: z.string().nullable(),
  online_url: z.string().nullable(),
  venue: z.string().nullable(),
  sales_end_at: z.string().nullable(),
});
