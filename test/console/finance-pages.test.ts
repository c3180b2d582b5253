import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder } from '../helpers/sales';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

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
