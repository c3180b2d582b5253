import { amount, decimal, text, time, word, type CsvColumn } from './csv-sql';

/**
 * The columns of the refunds and invoices exports (src/refunds, src/invoicing). Amounts are as
 * stored: never negative, a credit note's too; `kind` tells a credit note from an invoice, and the
 * period summary subtracts credit notes (see summary.repository.ts).
 */

/** One row per succeeded refund, dated when it succeeded (`settled_at`), not by its order. */
export const REFUND_COLUMNS: CsvColumn[] = [
  time('refunded_at', 'r.settled_at'),
  time('requested_at', 'r.created_at'),
  word('order_number', 'o.number'),
  text('currency', 'r.currency'),
  amount('amount', 'r.amount'),
  text('method', 'r.method'),
  text('reference', 'r.reference'),
  text('reason', 'r.reason'),
  word('credit_note_number', 'cn.number'),
  word('invoice_number', 'cn.refers_to'),
];

/**
 * Tax per country and rate as issued on the document, in one cell: `DE 19.00%: 19.00 on 100.00`
 * (tax, then the net it is on, in the currency's digits), groups separated by `; `, `none` where a
 * line bore no country's tax. One cell rather than one row per rate, so that each document is one
 * row and its net, tax and gross add up by column. A credit note carries its tax in total only (its
 * share of the order's, see issueCreditNote), so its cell is empty. Built from our own numbers and
 * ISO codes: a word, nothing to neutralise.
 */
const TAX_BY_RATE = `(select string_agg(coalesce(g.e->>'country', 'none') || ' ' || ((g.e->>'rate_bp')::numeric * 0.01)::text || '%: '
  || ${decimal(`(g.e->>'tax')::bigint`)} || ' on ' || ${decimal(`(g.e->>'net')::bigint`)}, '; ' order by g.n)
  from jsonb_array_elements(d.content->'tax_by_rate') with ordinality g(e, n))`;

/** One row per invoice and credit note; pro-formas are no accounting documents and stay out. */
export const INVOICE_COLUMNS: CsvColumn[] = [
  word('number', 'd.number'),
  word('kind', 'd.kind'),
  time('issued_at', 'd.issued_at'),
  word('order_number', 'o.number'),
  word('refers_to', 'd.refers_to'),
  text('customer_country', 'o.customer_country'),
  text('currency', 'd.currency'),
  amount('net', 'd.net'),
  amount('tax', 'd.tax'),
  amount('gross', 'd.gross'),
  word('tax_by_rate', TAX_BY_RATE),
];
