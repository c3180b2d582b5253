import request from 'supertest';
import { guardAnswers, staffToken } from '../helpers/staff-token';
import { exportCsv, ORDER_LINES_CSV_COLUMNS, ORDERS_CSV_COLUMNS } from '../helpers/csv';
import { useTestApp, type TestApp } from '../helpers/app';
import { paidCardOrder, postRefund, salesOrderPaid } from '../helpers/payments';
import { orderRow } from '../helpers/records';

let t: TestApp;
useTestApp((app) => (t = app));

const ORDERS = '/api/finance/orders.csv';
const LINES = '/api/finance/order-lines.csv';
const HYPERLINK = '=HYPERLINK("http://evil.example","click")';
const iso = (d: Date | null) => (d ? d.toISOString().replace(/\.\d{3}Z$/, 'Z') : '');

let finance: string;
const o: Record<'usd' | 'jpy' | 'eur' | 'gbp' | 'unpaid', { id: string; number: string }> = {} as never;

beforeAll(async () => {
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  o.usd = await paidCardOrder(t, {
    currency: 'USD',
    customer: { country: 'US', name: HYPERLINK },
    items: [
      { sku: 'SW-STD', quantity: 1 },
      { sku: 'SW-PRO', quantity: 1 },
    ],
  });
  o.jpy = await paidCardOrder(t, { currency: 'JPY', customer: { country: 'JP' }, items: [{ sku: 'SW-STD', quantity: 2 }] });
  o.eur = await paidCardOrder(t, { currency: 'EUR', customer: { country: 'DE' }, items: [{ sku: 'SW-PRO', quantity: 1 }] });
  o.gbp = await salesOrderPaid(t, { currency: 'GBP' }, { name: '+SUM(1)', company: '@risk, "Ltd"', country: 'GB' });
  o.unpaid = await salesOrderPaid(t, { currency: 'EUR' }, { name: 'Zoë Müller-Lüdenscheid', company: '-minus GmbH', country: 'DE' }, false);
  const refunds: Array<[string, Record<string, unknown>]> = [
    [o.jpy.id, { amount: 5000, reason: 'one licence unused' }],
    [o.eur.id, { amount: 16541 }],
    [o.gbp.id, { amount: 10000, method: 'bank_transfer', reference: 'RF-0001' }],
  ];
  for (const [id, body] of refunds) expect((await postRefund(t, finance, id, body)).status).toBe(201);
});

const byNumber = (records: Array<Record<string, string>>) => new Map(records.map((r) => [r.order_number!, r]));

describe('the orders export', () => {
  it('streams a CSV attachment with the documented columns, one row per order, oldest first', async () => {
    const { res, header, records } = await exportCsv(t, ORDERS, finance);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers['content-disposition']).toBe('attachment; filename="handoff-orders.csv"');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(header).toEqual(ORDERS_CSV_COLUMNS);
    expect(records.map((r) => r.order_number)).toEqual([o.usd, o.jpy, o.eur, o.gbp, o.unpaid].map((x) => x.number));
    expect(records.map((r) => r.created_at)).toEqual([...records.map((r) => r.created_at)].sort());
  });

  it('writes each order as the books need it: decimals per currency (none for JPY), UTC times, refunds and references', async () => {
    const rows = byNumber((await exportCsv(t, ORDERS, finance)).records);
    const jpy = await orderRow(t, o.jpy.id);
    expect(rows.get(o.jpy.number)).toEqual({
      order_number: o.jpy.number,
      created_at: iso(jpy.created_at),
      paid_at: iso(jpy.paid_at),
      status: 'partially_refunded',
      payment_method: 'card',
      customer_name: 'Ada Lovelace',
      customer_email: 'ada@example.com',
      customer_company: '',
      customer_country: 'JP',
      currency: 'JPY',
      subtotal: '15000',
      tax: '1500',
      total: '16500',
      amount_paid: '16500',
      amount_refunded: '5000',
      net_amount: '11500',
      refund_count: '1',
      refunds_pending: '0',
      processor_reference: jpy.processor_payment_intent,
      offline_reference: '',
      offline_payment_references: '',
      partner: '',
      invoice_number: expect.stringMatching(/^\d{4}-\d{6}$/),
    });
    expect(rows.get(o.eur.number)).toMatchObject({
      status: 'refunded',
      subtotal: '139.00',
      tax: '26.41',
      total: '165.41',
      amount_refunded: '165.41',
      net_amount: '0.00',
      refund_count: '1',
    });
    const gbp = await orderRow(t, o.gbp.id);
    expect(rows.get(o.gbp.number)).toMatchObject({
      status: 'partially_refunded',
      payment_method: 'sales',
      currency: 'GBP',
      subtotal: '238.00',
      tax: '47.60',
      total: '285.60',
      amount_paid: '285.60',
      amount_refunded: '100.00',
      net_amount: '185.60',
      refund_count: '1',
      processor_reference: '',
      offline_reference: gbp.offline_reference,
      offline_payment_references: `SEPA ${o.gbp.number}`,
    });
    expect(rows.get(o.unpaid.number)).toMatchObject({ status: 'awaiting_offline_payment', paid_at: '', amount_paid: '0.00', customer_name: 'Zoë Müller-Lüdenscheid' });
  });

  it('neutralises every cell a spreadsheet would read as a formula, and quotes what needs quoting', async () => {
    const { text, records } = await exportCsv(t, ORDERS, finance);
    const rows = byNumber(records);
    expect(rows.get(o.usd.number)!.customer_name).toBe(`'${HYPERLINK}`);
    expect(rows.get(o.gbp.number)).toMatchObject({ customer_name: "'+SUM(1)", customer_company: `'@risk, "Ltd"` });
    expect(rows.get(o.unpaid.number)!.customer_company).toBe("'-minus GmbH");
    expect(text).toContain(`,"'=HYPERLINK(""http://evil.example"",""click"")",`);
    expect(text).toContain(`,'+SUM(1),`);
    for (const r of records) for (const cell of Object.values(r)) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('adds up: subtotal + tax = total on every order, and its lines sum to the order', async () => {
    const orders = (await exportCsv(t, ORDERS, finance)).records;
    const lines = (await exportCsv(t, LINES, finance)).records;
    const minor = (s: string) => Number(s.replace('.', ''));
    for (const order of orders) {
      expect(minor(order.subtotal!) + minor(order.tax!)).toBe(minor(order.total!));
      const mine = lines.filter((l) => l.order_number === order.order_number);
      expect(mine.length).toBeGreaterThan(0);
      const sum = (field: string) => mine.reduce((s, l) => s + minor(l[field]!), 0);
      expect([sum('amount'), sum('tax_amount'), sum('line_total')]).toEqual([minor(order.subtotal!), minor(order.tax!), minor(order.total!)]);
    }
  });

  it('starts with a byte-order mark when asked (bom=1), for spreadsheet programs', async () => {
    const { text } = await exportCsv(t, ORDERS, finance, { bom: '1' });
    expect(text.startsWith('\uFEFForder_number,')).toBe(true);
    expect((await exportCsv(t, ORDERS, finance)).text.startsWith('order_number,')).toBe(true);
  });
});

describe('the order lines export', () => {
  it('has one row per line with sku, quantity, unit amount, tax rate and tax amount', async () => {
    const { header, records } = await exportCsv(t, LINES, finance, { currency: 'USD' });
    expect(header).toEqual(ORDER_LINES_CSV_COLUMNS);
    expect(records.map((r) => [r.order_number, r.line_no, r.sku, r.quantity, r.unit_amount, r.amount, r.tax_rate, r.tax_amount, r.line_total])).toEqual([
      [o.usd.number, '1', 'SW-STD', '1', '49.00', '49.00', '0.00', '0.00', '49.00'],
      [o.usd.number, '2', 'SW-PRO', '1', '149.00', '149.00', '0.00', '0.00', '149.00'],
    ]);
    const jpy = (await exportCsv(t, LINES, finance, { currency: 'JPY' })).records;
    expect(jpy.map((r) => [r.sku, r.quantity, r.unit_amount, r.amount, r.tax_rate, r.tax_amount, r.line_total])).toEqual([
      ['SW-STD', '2', '7500', '15000', '10.00', '1500', '16500'],
    ]);
  });
});

describe('export filters', () => {
  const numbers = async (path: string, query: Record<string, string>) => [...new Set((await exportCsv(t, path, finance, query)).records.map((r) => r.order_number))];

  it('select by status (one or several), payment method and currency', async () => {
    expect(await numbers(ORDERS, { status: 'refunded' })).toEqual([o.eur.number]);
    expect(await numbers(ORDERS, { status: 'paid,partially_refunded' })).toEqual([o.usd.number, o.jpy.number, o.gbp.number]);
    expect(await numbers(ORDERS, { payment_method: 'sales' })).toEqual([o.gbp.number, o.unpaid.number]);
    expect(await numbers(LINES, { currency: 'JPY' })).toEqual([o.jpy.number]);
    expect(await numbers(ORDERS, { currency: 'CHF' })).toEqual([]);
  });

  it('take from/to as whole days, inclusive, in UTC unless a time zone is given; date_field=paid uses paid_at', async () => {
    const march = await salesOrderPaid(t, { currency: 'EUR' }, { country: 'FR' });
    // 23:30 UTC on 1 March is already 00:30 on 2 March in Berlin.
    await t.ctx.db.updateTable('orders').set({ created_at: '2026-03-01T23:30:00Z', paid_at: '2026-03-04T09:00:00Z' }).where('id', '=', march.id).execute();
    expect(await numbers(ORDERS, { from: '2026-03-01', to: '2026-03-01' })).toEqual([march.number]);
    expect(await numbers(ORDERS, { from: '2026-03-02', to: '2026-03-02' })).toEqual([]);
    expect(await numbers(ORDERS, { from: '2026-03-02', to: '2026-03-02', tz: 'Europe/Berlin' })).toEqual([march.number]);
    expect(await numbers(LINES, { from: '2026-02-01', to: '2026-02-28', tz: 'America/New_York' })).toEqual([]);
    expect(await numbers(ORDERS, { date_field: 'paid', from: '2026-03-04', to: '2026-03-04' })).toEqual([march.number]);
    expect(await numbers(ORDERS, { date_field: 'paid', from: '2026-03-01', to: '2026-03-03' })).toEqual([]);
    const { res } = await exportCsv(t, ORDERS, finance, { from: '2026-03-01', to: '2026-03-31' });
    expect(res.headers['content-disposition']).toBe('attachment; filename="handoff-orders_2026-03-01_2026-03-31.csv"');
    await t.ctx.db.updateTable('orders').set({ created_at: new Date(), paid_at: new Date() }).where('id', '=', march.id).execute();
  });

  it.each([
    ['an unknown parameter', { limit: '10' }, 'limit'],
    ['an impossible date', { from: '2026-02-30' }, 'from'],
    ['a date in another format', { to: '01/03/2026' }, 'to'],
    ['to before from', { from: '2026-03-02', to: '2026-03-01' }, 'to'],
    ['an unknown time zone', { tz: 'Mars/Olympus_Mons' }, 'tz'],
    ['an unknown status', { status: 'paid,shipped' }, 'status.1'],
    ['a lowercase currency', { currency: 'eur' }, 'currency'],
    ['bom other than 0 or 1', { bom: 'yes' }, 'bom'],
  ])('answer 400 naming the parameter for %s', async (_what, query, field) => {
    const res = await request(t.app).get(ORDERS).query(query).set('Authorization', `Bearer ${finance}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ path: field, message: expect.any(String) }]);
  });
});

describe('who may export', () => {
  it.each([ORDERS, LINES])('%s: 401 without a token, 403 without the finance role', async (path) => {
    expect(await guardAnswers(t, path, ['sales', 'admin'])).toEqual({ anonymous: 401, withRoles: 403, type: 'application/problem+json' });
  });

  it('every export is audited: who, which filters, how many rows', async () => {
    await exportCsv(t, ORDERS, finance, { payment_method: 'card', status: 'paid,refunded', from: '2020-01-01' });
    const entry = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'finance.export').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: 'staff:fiona', subject_type: 'export', subject_id: 'orders' });
    expect(entry.detail).toEqual({ filters: { payment_method: 'card', status: ['paid', 'refunded'], from: '2020-01-01', date_field: 'created', tz: 'UTC' }, rows: 2 });
  });
});
