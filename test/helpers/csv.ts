import request from 'supertest';
import type { TestApp } from './app';

/** A strict RFC 4180 reader for the tests: quoted cells, doubled quotes, CRLF line ends. It throws
 * on anything a spreadsheet would have to guess about. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      for (i++; ; i++) {
        if (i >= text.length) throw new Error('unterminated quoted cell');
        if (text[i] === '"' && text[i + 1] === '"') {
          cell += '"';
          i++;
        } else if (text[i] === '"') break;
        else cell += text[i];
      }
      i++;
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`bare quote in an unquoted cell at ${i}`);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else if (text.startsWith('\r\n', i) || i >= text.length) {
      rows.push(row);
      row = [];
      i += 2;
    } else throw new Error(`expected CRLF or comma at ${i}, found ${JSON.stringify(text[i])}`);
  }
  return rows;
}

/** Rows as objects keyed by the header row. */
export function csvRecords(text: string): { header: string[]; records: Array<Record<string, string>> } {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error('no header row');
  for (const r of rows) if (r.length !== header.length) throw new Error(`row with ${r.length} cells, header has ${header.length}`);
  return { header, records: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!]))) };
}

/** The columns the finance exports document, in order: each starts with the order's own. */
const ORDER_COLUMNS = ['order_number', 'created_at', 'paid_at', 'status', 'payment_method'];
export const ORDERS_CSV_COLUMNS = [
  ...ORDER_COLUMNS,
  'customer_name',
  'customer_email',
  'customer_company',
  'customer_country',
  'currency',
  'subtotal',
  'tax',
  'total',
  'amount_paid',
  'amount_refunded',
  'net_amount',
  'refund_count',
  'refunds_pending',
  'processor_reference',
  'offline_reference',
  'offline_payment_references',
  'partner',
  'invoice_number',
];
export const ORDER_LINES_CSV_COLUMNS = [
  ...ORDER_COLUMNS,
  'customer_country',
  'currency',
  'line_no',
  'sku',
  'name',
  'quantity',
  'unit_amount',
  'amount',
  'tax_rate',
  'tax_amount',
  'line_total',
];

/** Downloads one export and reads it as CSV records. */
export async function exportCsv(t: TestApp, path: string, token: string, query: Record<string, string> = {}) {
  const res = await request(t.app)
    .get(path)
    .query(query)
    .set('Authorization', `Bearer ${token}`)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
  if (res.status !== 200) throw new Error(`export answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { res, text: res.body as string, ...csvRecords((res.body as string).replace(/^\uFEFF/, '')) };
}
