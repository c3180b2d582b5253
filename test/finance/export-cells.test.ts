import { sql } from 'kysely';
import { seedOrders } from '../../scripts/seed/orders';
import { CARD_MASK } from '../../src/card-data';
import { COLUMNS, csvHeader, exportQuery, exportSql, reportQuery, type ExportKind } from '../../src/finance';
import { cardCheckedLines } from '../../src/finance/csv-cards';
import { startTestApp, type TestApp } from '../helpers/app';
import { exportCsv } from '../helpers/csv';
import { staffToken } from '../helpers/staff-token';

/**
 * On a server the export reads the stored values by binary COPY and formats the cells in Node;
 * embedded, PostgreSQL formats them (the paged export's SQL). Both must write the same bytes, for
 * values at every edge: times before 1970 and 2000, in year 999, BC, after 9999 and infinite;
 * amounts beyond 2^53; currencies of 0, 2 and 3 digits, unknown and lowercase; formulas, quotes,
 * line breaks, other scripts and card numbers in free text.
 */
let t: TestApp;
let finance: string;
const PATHS: Record<ExportKind, string> = {
  orders: '/api/finance/orders.csv',
  lines: '/api/finance/order-lines.csv',
  refunds: '/api/finance/refunds.csv',
  invoices: '/api/finance/invoices.csv',
};

beforeAll(async () => {
  t = await startTestApp();
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  await seedOrders(t.ctx.db, 40);
  const ids = (await sql<{ id: string }>`select id from orders order by created_at, id`.execute(t.ctx.db)).rows.map((r) => r.id);
  const paid = (await sql<{ id: string }>`select id from orders where paid_at is not null order by created_at, id`.execute(t.ctx.db)).rows.map((r) => r.id);
  const set = (id: string, assignments: string) => sql.raw(`update orders set ${assignments} where id = '${id}'`).execute(t.ctx.db);
  await set(ids[0]!, `created_at = '1969-07-20 20:17:40.5+00', currency = 'KWD', customer_name = '=HYPERLINK("http://evil.example","click")'`);
  await set(ids[1]!, `created_at = '0999-03-04 05:06:07+00', currency = 'JPY', customer_company = E'line one\\n5555-5555-5555-4444'`);
  await set(ids[2]!, `created_at = '0044-03-15 12:00:00+00 BC', customer_name = 'Ａｄａ ４１１１１１１１１１１１１１１１', customer_company = ''`);
  await set(ids[3]!, `created_at = '1999-12-31 23:59:59.999999+00', currency = 'ab', customer_company = '@risk, "Ltd"', customer_email = '-x@example.com'`);
  await set(ids[4]!, `currency = 'kwd', customer_name = '🙂 Zoë Ångström 𝟒𝟏𝟏𝟏', customer_company = E'\\tTab'`);
  await set(ids[5]!, `currency = 'BHD', customer_name = 'Ada 4111%2D1111%2D1111%2D1111', customer_company = 'see 4111%2D1111%2DAAAA'`);
  await set(paid[0]!, `paid_at = 'infinity'`);
  await set(
    paid[1]!,
    `paid_at = '12345-06-07 08:09:10+00', currency = 'EUR', subtotal = 9007199254740993, tax = 7, total = 9007199254741000, amount_paid = 9007199254741000, amount_refunded = 0`,
  );
  await set(paid[2]!, `paid_at = '2000-01-01 00:00:00+00', contact_me = true`);
  await sql`insert into partners (name, countries, referral_url) values ('Partner, "Best" GmbH', '{DE}', 'https://p.example')`.execute(t.ctx.db);
  await sql`insert into contact_requests (order_id, status, partner_id, referral_jti)
    values (${paid[2]!}, 'referred', (select id from partners), gen_random_uuid())`.execute(t.ctx.db);
  await sql`insert into refunds (order_id, amount, currency, reason, method, reference, status, requested_by)
    values (${paid[3]!}, 1, 'EUR', 'pending', 'bank_transfer', '=RF', 'pending', 'staff:t')`.execute(t.ctx.db);
  await sql`insert into invoice_documents (order_id, kind, number, currency, net, tax, gross, content, content_sha256, issued_at)
    select id, 'invoice', '2026-' || lpad(row_number() over (order by created_at, id)::text, 6, '0'), currency, subtotal, tax, total,
      '{"tax_by_rate":[{"country":"DE","rate_bp":1900,"tax":1900,"net":10000},{"rate_bp":825,"tax":1,"net":5}]}', 'x', now()
    from orders where paid_at is not null`.execute(t.ctx.db);
  await sql`update order_items set name = case line_no when 1 then '=cmd|'' /C calc''!A0' else E'Name, "q"\nline' end, tax_rate_bp = 825
    where order_id in (${ids[0]!}, ${ids[1]!}, ${ids[4]!})`.execute(t.ctx.db);
}, 60_000);
afterAll(() => t.close());

/** The export as the paged export's SQL formats it, card-checked as that export does. */
async function formattedBySql(kind: ExportKind, query: Record<string, string>): Promise<string> {
  const filters = (kind === 'orders' || kind === 'lines' ? exportQuery : reportQuery).parse(query);
  const { linesQuery, params } = exportSql(kind, filters);
  const { rows } = await t.ctx.pool.query<string[]>({ text: linesQuery, values: params, rowMode: 'array' });
  const check = cardCheckedLines(COLUMNS[kind]);
  return `${csvHeader(COLUMNS[kind])}\r\n${rows.map((r) => `${check(r[0]!)}\r\n`).join('')}`;
}

describe('cells formatted from binary COPY values', () => {
  it.each<[ExportKind, Record<string, string>]>([
    ['orders', {}],
    ['orders', { currency: 'KWD' }],
    ['orders', { status: 'paid,refunded,partially_refunded', date_field: 'paid', from: '1999-12-31', tz: 'Asia/Kolkata' }],
    ['lines', {}],
    ['lines', { payment_method: 'sales', to: '2030-01-01' }],
    ['refunds', {}],
    ['invoices', {}],
  ])('%s %j: the same bytes as the cells formatted in SQL', async (kind, query) => {
    expect((await exportCsv(t, PATHS[kind], finance, query)).text).toBe(await formattedBySql(kind, query));
  });

  it('write the edge values as the books need them', async () => {
    const { text } = await exportCsv(t, PATHS.orders, finance);
    for (const cell of [
      '1969-07-20T20:17:40Z',
      '0999-03-04T05:06:07Z',
      '0044-03-15T12:00:00Z',
      '1999-12-31T23:59:59Z',
      '12345-06-07T08:09:10Z',
      '90071992547409.93',
      `"'=HYPERLINK(""http://evil.example"",""click"")"`,
      `"line one\n${CARD_MASK}"`,
      `Ａｄａ ${CARD_MASK}`,
      `Ada ${CARD_MASK}`,
      'see 4111%2D1111%2DAAAA',
      `"'@risk, ""Ltd"""`,
      "'-x@example.com",
      '"Partner, ""Best"" GmbH"',
    ])
      expect(text).toContain(cell);
    expect(text).toMatch(/,KWD,\d+\.\d{3},/);
    expect(text).toMatch(/,JPY,\d+,/);
  });
});
