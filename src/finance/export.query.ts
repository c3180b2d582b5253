import { amount, cellsSelect, csvLine, integer, percent, text, time, word, type CsvColumn } from './csv-sql';
import type { AnyExportFilters } from './export.schemas';
import { INVOICE_COLUMNS, REFUND_COLUMNS } from './report-columns';
import { SOURCES, type ExportKind, type KeyColumn, type Source } from './export-sources';

export type { ExportKind };

/** The two exports as SQL: their columns, and one FROM ... ORDER BY shared by the streamed export
 * and the benchmark's `\copy` reference, so both read exactly the same rows the same way.
 *
 * Per-order extras (refunds, offline payment references, partner) are subqueries by index. Joins would be cheaper in total, but the
 * planner cannot keep the (created_at, id) index order through a hash join: it would sort the
 * whole range before the first row, and the export would stop streaming. */

/** Each order's refunds, offline payment references and partner: subqueries by index in the
 * select list, each guarded so it runs only for orders that can have any. A lateral subquery giving them once per row cost more per row than all of them. */
const REFUND_COUNT = `case when o.amount_refunded > 0
  then (select count(*) from refunds r where r.order_id = o.id and r.status = 'succeeded') else 0 end`;
// Pending refunds are rare: the membership test is an index-only probe into the partial index of
// pending refunds, far cheaper than the sum's scan and aggregate that every paid order ran before
// (a third of the orders export's time, measured with EXPLAIN ANALYZE on 100,000 orders).
const REFUNDS_PENDING = `case when o.id in (select order_id from refunds where status = 'pending')
  then (select coalesce(sum(r.amount), 0) from refunds r where r.order_id = o.id and r.status = 'pending') else 0 end`;
const PAYMENT_REFERENCES = `case when o.payment_method = 'sales' and o.amount_paid > 0 then (select string_agg(p.reference, '; ' order by p.created_at, p.id)
  from payments p where p.order_id = o.id and p.reference is not null) end`;
const PARTNER = `case when o.contact_me then (select pa.name from contact_requests cr join partners pa on pa.id = cr.partner_id
  where cr.order_id = o.id) end`;
/** The invoice of a paid order (src/invoicing); credit notes are in the invoices export. */
const INVOICE_NUMBER = `case when o.paid_at is not null then (select d.number from invoice_documents d where d.order_id = o.id and d.kind = 'invoice') end`;

export const ORDER_COLUMNS: CsvColumn[] = [
  word('order_number', 'o.number'),
  time('created_at', 'o.created_at'),
  time('paid_at', 'o.paid_at'),
  word('status', 'o.status'),
  word('payment_method', 'o.payment_method'),
  text('customer_name', 'o.customer_name'),
  text('customer_email', 'o.customer_email'),
  text('customer_company', 'o.customer_company'),
  text('customer_country', 'o.customer_country'),
  text('currency', 'o.currency'),
  amount('subtotal', 'o.subtotal'),
  amount('tax', 'o.tax'),
  amount('total', 'o.total'),
  amount('amount_paid', 'o.amount_paid'),
  amount('amount_refunded', 'o.amount_refunded'),
  amount('net_amount', 'o.amount_paid - o.amount_refunded'),
  integer('refund_count', REFUND_COUNT),
  amount('refunds_pending', REFUNDS_PENDING),
  text('processor_reference', 'o.processor_payment_intent'),
  text('offline_reference', 'o.offline_reference'),
  text('offline_payment_references', PAYMENT_REFERENCES),
  text('partner', PARTNER),
  word('invoice_number', INVOICE_NUMBER),
];

export const LINE_COLUMNS: CsvColumn[] = [
  word('order_number', 'o.number'),
  time('created_at', 'o.created_at'),
  time('paid_at', 'o.paid_at'),
  word('status', 'o.status'),
  word('payment_method', 'o.payment_method'),
  text('customer_country', 'o.customer_country'),
  text('currency', 'o.currency'),
  integer('line_no', 'i.line_no'),
  text('sku', 'i.sku'),
  text('name', 'i.name'),
  integer('quantity', 'i.quantity'),
  amount('unit_amount', 'i.unit_amount'),
  amount('amount', 'i.amount'),
  percent('tax_rate', 'i.tax_rate_bp'),
  amount('tax_amount', 'i.tax_amount'),
  amount('line_total', 'i.amount + i.tax_amount'),
];

export const COLUMNS: Record<ExportKind, CsvColumn[]> = { orders: ORDER_COLUMNS, lines: LINE_COLUMNS, refunds: REFUND_COLUMNS, invoices: INVOICE_COLUMNS };

export interface ExportSql {
  /** The stored values, unformatted (see `rawValue`), each row led by its order's currency: what
   * the COPY export reads, its cells formatted in Node (csv-cells.ts). */
  valuesQuery: string;
  /** The cells, formatted in SQL, one column each, in export order. */
  cellsQuery: string;
  /** One ready CSV line per row, in the same order; paged, each row's key follows its line. */
  linesQuery: string;
  /** Values for the $n placeholders of both. */
  params: unknown[];
}

/** One page of an export read by keyset: at most `limit` rows after the row whose key is `after`
 * (the key columns of the last row of the page before; none for the first page). */
export interface ExportPage {
  after: string[] | undefined;
  limit: number;
}

export function exportSql(kind: ExportKind, filters: AnyExportFilters, page?: ExportPage): ExportSql {
  const params: unknown[] = [];
  const source = SOURCES[kind];
  const where = conditions(source, filters, params);
  if (page?.after) where.push(...after(source, page.after, params));
  const keys = source.keys;
  const keyCells = page ? keys.map((k, n) => `, ${k.text} as "k${n}"`).join('') : '';
  const rest = `from ${source.from} ${where.length > 0 ? `where ${where.join(' and ')}` : ''} order by ${keys.map((k) => k.expr).join(', ')}`;
  const cellsQuery = `select ${cellsSelect(COLUMNS[kind])}${keyCells} ${rest}`;
  const valuesQuery = `select o.currency, ${COLUMNS[kind].map(rawValue).join(', ')} ${rest}`;
  // OFFSET 0 keeps the cells a subquery: each cell is computed once, then quoted, instead of the
  // cell expression being inlined into every test the quoting makes. PostgreSQL keeps a plain
  // subquery's order in the outer scan.
  const inner = page ? `${cellsQuery} limit ${Math.trunc(page.limit)} offset 0` : `${cellsQuery} offset 0`;
  const keyColumns = page ? keys.map((_k, n) => `, c."k${n}"`).join('') : '';
  const linesQuery = `select ${csvLine(COLUMNS[kind], 'c')}${keyColumns} from (${inner}) c`;
  return { valuesQuery, cellsQuery, linesQuery, params };
}

/** A column's stored value in a type whose binary form csv-cells.ts reads: text as its UTF-8
 * bytes (a char(n) with its padding, as the SQL cells have always shown it), a timestamptz as
 * microseconds, any whole number as a bigint (a sum is numeric). */
function rawValue(c: CsvColumn): string {
  if (c.kind === 'text' || c.kind === 'word') return `(${c.value})`;
  return c.kind === 'time' ? `(${c.value})::timestamptz` : `(${c.value})::int8`;
}

/** Rows after the key, in export order. For lines, the order's own pair bounds the scan first,
 * so the (created_at, id) index serves it; the line number then orders within the order. */
function after(source: Source, key: string[], params: unknown[]): string[] {
  const keys = source.keys;
  const values = keys.map((k, n) => `$${params.push(key[n])}::${k.type}`);
  const compare = (columns: KeyColumn[], op: string) => `(${columns.map((k) => k.expr).join(', ')}) ${op} (${values.slice(0, columns.length).join(', ')})`;
  return source.prefix ? [compare(source.prefix, '>='), compare(keys, '>')] : [compare(keys, '>')];
}

/** The FROM and WHERE of an export, for the period summary: the same rows, aggregated. */
export function exportSource(kind: ExportKind, filters: AnyExportFilters): { from: string; where: string[]; params: unknown[] } {
  const params: unknown[] = [];
  const where = conditions(SOURCES[kind], filters, params);
  return { from: SOURCES[kind].from, where, params };
}

/** Dates are whole days in the caller's time zone: `to` is inclusive, so the bound is the next
 * day's midnight there, exclusive. */
function conditions(source: Source, f: AnyExportFilters, params: unknown[]): string[] {
  const p = (v: unknown) => `$${params.push(v)}`;
  const column = source.date(f);
  const out: string[] = source.where(f);
  if (f.from !== undefined || f.to !== undefined) {
    const tz = p(f.tz);
    if (f.from !== undefined) out.push(`${column} >= (${p(f.from)}::date)::timestamp at time zone ${tz}`);
    if (f.to !== undefined) out.push(`${column} < (${p(f.to)}::date + 1)::timestamp at time zone ${tz}`);
  }
  if (f.status !== undefined) out.push(`o.status = any(${p(f.status)}::text[])`);
  if (f.payment_method !== undefined) out.push(`o.payment_method = ${p(f.payment_method)}`);
  if (f.currency !== undefined) out.push(`o.currency = ${p(f.currency)}`);
  return out;
}
