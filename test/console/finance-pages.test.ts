import request from 'supertest';
import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { csvRecords } from '../helpers/csv';
import { paidCardOrder, salesOrderPaid } from '../helpers/payments';
import { orderRow } from '../helpers/records';
import { placeOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterEach(() => t.processor.clearFaults());
afterAll(() => t.close());

const signedIn = async (roles: string[], sub = 'fiona') => {
  const b = new ConsoleBrowser(t);
  await b.signIn(roles, sub);
  return b;
};
/** DE, 19% tax: 139.00 + 26.41 = 165.41 EUR, paid on the processor's page. */
const euroOrder = () => paidCardOrder(t, { currency: 'EUR', customer: { country: 'DE' }, items: [{ sku: 'SW-PRO', quantity: 1 }] });
const refundRows = (orderId: string) => t.ctx.db.selectFrom('refunds').select(['status', 'amount']).where('order_id', '=', orderId).execute();
const atProcessor = async (orderId: string) => {
  const { processor_payment_intent } = await orderRow(t, orderId);
  return (await t.ctx.stripe.refunds.list({ payment_intent: processor_payment_intent!, limit: 100 })).data;
};
/** The confirmation form's hidden fields, as the browser would send them back (its token apart). */
const confirmFields = (page: string) =>
  Object.fromEntries([...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].filter(([, name]) => name !== '_csrf').map(([, name, value]) => [name!, value!]));
const textOf = (page: string, id: string) => new RegExp(`id="${id}"[^>]*>\\s*(?:<strong>)?([^<]*)<`).exec(page)?.[1]?.trim();

describe('the console finance downloads', () => {
  it('downloads the orders CSV with the filters left blank, and it parses', async () => {
    const placed = await placeOrder(t);
    const finance = new ConsoleBrowser(t);
    await finance.signIn(['finance'], 'fiona');
    const page = await finance.get('/console/finance');
    expect(page.text).toContain('action="/console/finance/orders.csv"');
    const csv = await finance.get('/console/finance/orders.csv?from=&to=&date_field=created&tz=UTC&status=&payment_method=&currency=');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [header, ...rows] = csv.text
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    expect(header).toEqual(expect.arrayContaining(['order_number', 'status', 'total']));
    expect(rows.map((r) => r[header!.indexOf('order_number')])).toContain(placed.order.number);
    const audit = await t.ctx.db.selectFrom('audit_log').select('actor').where('action', '=', 'finance.export').execute();
    expect(audit.map((a) => a.actor)).toContain('staff:fiona');
  });

  it('names a bad filter on a page, and keeps the export from sales clerks', async () => {
    const finance = new ConsoleBrowser(t);
    await finance.signIn(['finance']);
    const bad = await finance.get('/console/finance/orders.csv?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<strong>from</strong>');
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales']);
    expect((await clerk.get('/console/finance/orders.csv')).status).toBe(403);
  });
});

describe('the refunds and invoices downloads', () => {
  it('download with their own filters, and refuse the order filters they do not take, naming them', async () => {
    const order = await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' });
    const api = await staffToken(t, ['finance']);
    await request(t.app)
      .post(`/api/staff/orders/${order.id}/refunds`)
      .set('Authorization', `Bearer ${api}`)
      .send({ amount: 1000, method: 'bank_transfer', reference: 'RF-1' })
      .expect(201);
    const finance = await signedIn(['finance']);
    const page = await finance.get('/console/finance');
    for (const file of ['orders', 'order-lines', 'refunds', 'invoices']) expect(page.text).toContain(`action="/console/finance/${file}.csv"`);
    const refunds = await finance.get('/console/finance/refunds.csv?from=&to=&tz=UTC&currency=EUR');
    expect(refunds.status).toBe(200);
    expect(csvRecords(refunds.text).records.filter((r) => r.order_number === order.number)).toEqual([expect.objectContaining({ amount: '10.00', reference: 'RF-1' })]);
    const invoices = await finance.get('/console/finance/invoices.csv?from=&to=&tz=UTC&currency=&bom=1');
    expect(invoices.status).toBe(200);
    expect(invoices.text.startsWith('\uFEFF')).toBe(true);
    const documents = csvRecords(invoices.text.slice(1)).records.filter((r) => r.order_number === order.number);
    expect(documents.map((d) => d.kind).sort()).toEqual(['credit_note', 'invoice']);
    const bad = await finance.get('/console/finance/refunds.csv?status=paid');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<strong>status</strong>');
    const clerk = await signedIn(['sales'], 'sid');
    for (const file of ['refunds', 'invoices']) expect((await clerk.get(`/console/finance/${file}.csv`)).status).toBe(403);
  });
});

describe('the period summary page', () => {
  it('shows the form first, then the same figures as the API for the period, and names a bad date', async () => {
    await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' });
    const finance = await signedIn(['finance']);
    const first = await finance.get('/console/finance/summary');
    expect(first.status).toBe(200);
    expect(first.text).toContain('action="/console/finance/summary"');
    expect(first.text).not.toContain('id="net-EUR"');
    const today = new Date().toISOString().slice(0, 10);
    const shown = await finance.get(`/console/finance/summary?from=${today}&to=${today}&tz=UTC&currency=`);
    expect(shown.status).toBe(200);
    const api = await request(t.app)
      .get(`/api/finance/summary?from=${today}&to=${today}`)
      .set('Authorization', `Bearer ${await staffToken(t, ['finance'])}`)
      .expect(200);
    const eur = api.body.currencies.find((c: { currency: string }) => c.currency === 'EUR');
    expect(eur.gross_sales).toBeGreaterThan(0);
    expect(textOf(shown.text, 'net-EUR')).toBe(`${(eur.net / 100).toFixed(2)} EUR`);
    expect(shown.text).toContain(`value="${today}"`);
    const audit = await t.ctx.db.selectFrom('audit_log').select('actor').where('action', '=', 'finance.summary').execute();
    expect(audit.map((a) => a.actor)).toContain('staff:fiona');
    const bad = await finance.get('/console/finance/summary?from=2026-02-30&tz=UTC');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('<strong>from</strong>');
    expect((await (await signedIn(['sales'], 'sid')).get('/console/finance/summary')).status).toBe(403);
  });
});

describe('a refund from the console', () => {
  const review = (b: ConsoleBrowser, orderId: string, fields: Record<string, string>) => b.post(`/console/finance/orders/${orderId}/refunds/review`, fields);
  const confirm = (b: ConsoleBrowser, orderId: string, fields: Record<string, string>) => b.post(`/console/finance/orders/${orderId}/refunds`, fields);

  it('shows what is left to refund before confirming; the confirmation sent twice at once refunds once', async () => {
    const order = await euroOrder();
    const finance = await signedIn(['finance']);
    const orderPage = await finance.get(`/console/sales/orders/${order.id}`);
    expect(orderPage.text).toContain(`action="/console/finance/orders/${order.id}/refunds/review"`);
    const shown = await review(finance, order.id, { amount: '30.00', reason: 'one seat' });
    expect(shown.status).toBe(200);
    expect(textOf(shown.text, 'refundable')).toBe('165.41 EUR');
    expect(textOf(shown.text, 'refund-amount')).toBe('30.00 EUR');
    expect(await refundRows(order.id)).toEqual([]);

    const fields = confirmFields(shown.text);
    expect(fields).toMatchObject({ amount: '30.00', reason: 'one seat', key: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const answers = await Promise.all([confirm(finance, order.id, fields), confirm(finance, order.id, fields)]);
    expect(answers.map((a) => a.status)).toEqual([303, 303]);
    expect(answers.map((a) => a.headers.location)).toContain(`/console/sales/orders/${order.id}?done=refunded`);
    for (const a of answers) expect(a.headers.location).toMatch(/\?done=(refunded|refund-replayed|refund-running)$/);
    const again = await confirm(finance, order.id, fields);
    expect(again.headers.location).toBe(`/console/sales/orders/${order.id}?done=refund-replayed`);
    expect(await refundRows(order.id)).toEqual([{ status: 'succeeded', amount: 3000 }]);
    expect(await atProcessor(order.id)).toHaveLength(1);
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 3000 });

    const after = await finance.get(`/console/sales/orders/${order.id}?done=refunded`);
    expect(after.text).toContain('Refund made.');
    expect(after.text).toMatch(/<td class="num">30\.00 EUR<\/td>\s*<td>succeeded<\/td>/);
    expect(textOf((await review(finance, order.id, { amount: '1' })).text, 'refundable')).toBe('135.41 EUR');
  });

  it('refuses a bad amount on a page naming the field, at either step, and refunds nothing', async () => {
    const order = await euroOrder();
    const finance = await signedIn(['finance']);
    await finance.get(`/console/sales/orders/${order.id}`);
    for (const amount of ['165.42', '0', 'ten', '1.234', '']) {
      const res = await review(finance, order.id, { amount });
      expect({ amount, status: res.status }).toEqual({ amount, status: 422 });
      expect(res.text).toContain('<strong>amount</strong>');
    }
    const fields = confirmFields((await review(finance, order.id, { amount: '10.00' })).text);
    const tooMuch = await confirm(finance, order.id, { ...fields, amount: '200.00' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.text).toContain('At most 165.41 EUR');
    const garbage = await confirm(finance, order.id, { ...fields, amount: '1e3' });
    expect(garbage.status).toBe(422);
    expect(garbage.text).toContain('<strong>amount</strong>');
    const card = await review(finance, order.id, { amount: '1.00', method: 'bank_transfer' });
    expect(card.status).toBe(422);
    expect(card.text).toContain('<strong>method</strong>');
    expect(await refundRows(order.id)).toEqual([]);
    expect(await atProcessor(order.id)).toEqual([]);
  });

  it('when the processor does not answer: a 503 page saying it will be completed, and trying again refunds once', async () => {
    const order = await euroOrder();
    const finance = await signedIn(['finance']);
    await finance.get(`/console/sales/orders/${order.id}`);
    const fields = confirmFields((await review(finance, order.id, { amount: '20.00' })).text);
    await t.processor.failNext(3, '500', { path: '/v1/refunds' });
    const down = await confirm(finance, order.id, fields);
    expect(down.status).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.text).toMatch(/completed\s+automatically/);
    expect(down.text).not.toMatch(/Idempotency-Key|Error:|at \w+ \(/);
    expect(await refundRows(order.id)).toEqual([{ status: 'pending', amount: 2000 }]);
    expect(await atProcessor(order.id)).toEqual([]);
    // The page's own "try again" form carries the same key: it completes this refund, not a second one.
    expect(confirmFields(down.text)).toEqual(fields);
    const retried = await confirm(finance, order.id, confirmFields(down.text));
    expect(retried.headers.location).toBe(`/console/sales/orders/${order.id}?done=refunded`);
    expect(await refundRows(order.id)).toEqual([{ status: 'succeeded', amount: 2000 }]);
    expect(await atProcessor(order.id)).toHaveLength(1);
  });

  it('refunds a pay-via-sales order with how the money went back, which the review names', async () => {
    const order = await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' });
    const finance = await signedIn(['finance']);
    const orderPage = await finance.get(`/console/sales/orders/${order.id}`);
    expect(orderPage.text).toContain('id="refund-reference"');
    const missing = await review(finance, order.id, { amount: '5.00', method: 'bank_transfer', reference: '' });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain('<strong>reference</strong>');
    const shown = await review(finance, order.id, { amount: '5.00', method: 'bank_transfer', reference: 'RF-77' });
    expect(shown.text).toContain('Bank transfer, reference RF-77');
    expect((await confirm(finance, order.id, confirmFields(shown.text))).status).toBe(303);
    expect(await refundRows(order.id)).toEqual([{ status: 'succeeded', amount: 500 }]);
  });

  it('is refused without the form token, and to a sales clerk, who sees no refund form', async () => {
    const order = await euroOrder();
    const finance = await signedIn(['finance']);
    await finance.get(`/console/sales/orders/${order.id}`);
    const fields = confirmFields((await review(finance, order.id, { amount: '10.00' })).text);
    const forged = await finance.post(`/console/finance/orders/${order.id}/refunds`, fields, { csrf: false });
    expect(forged.status).toBe(403);
    expect((await finance.post(`/console/finance/orders/${order.id}/refunds/review`, { amount: '10.00' }, { csrf: false })).status).toBe(403);
    const clerk = await signedIn(['sales'], 'sid');
    const seen = await clerk.get(`/console/sales/orders/${order.id}`);
    expect(seen.status).toBe(200);
    expect(seen.text).not.toContain('/refunds/review');
    expect((await review(clerk, order.id, { amount: '10.00' })).status).toBe(403);
    expect((await confirm(clerk, order.id, fields)).status).toBe(403);
    expect(await refundRows(order.id)).toEqual([]);
  });
});
