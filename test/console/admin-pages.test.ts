import request from 'supertest';
import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { serveJson, type JsonServer } from '../helpers/json-server';
import { salesOrderPaid } from '../helpers/payments';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the console admin pages', () => {
  it('erases a person only after a confirmation page that names the orders and fields', async () => {
    const placed = await placeOrder(t, salesOrder({}, { name: 'Erin Erased', email: 'erin@example.com' }));
    const admin = new ConsoleBrowser(t);
    await admin.signIn(['admin'], 'ada');
    await admin.get('/console/admin/privacy');
    const preview = await admin.post('/console/admin/privacy/erasure/preview', { email: 'erin@example.com' });
    expect(preview.status).toBe(200);
    expect(preview.text).toContain(`Order ${placed.order.number}`);
    expect(preview.text).toContain('name, email, company and phone');
    const unconfirmed = await admin.post('/console/admin/privacy/erasure', { email: 'erin@example.com' });
    expect(unconfirmed.status).toBe(422);
    expect((await t.ctx.db.selectFrom('orders').select('customer_name').where('id', '=', placed.order.id).executeTakeFirstOrThrow()).customer_name).toBe('Erin Erased');
    const done = await admin.post('/console/admin/privacy/erasure', { email: 'erin@example.com', confirm: 'yes' });
    expect(done.status).toBe(200);
    const row = await t.ctx.db.selectFrom('orders').select(['customer_name', 'total']).where('id', '=', placed.order.id).executeTakeFirstOrThrow();
    expect(row.customer_name).not.toBe('Erin Erased');
    expect(row.total).toBe(placed.order.total);
    const audit = await admin.get('/console/admin/audit');
    expect(audit.text).toContain('privacy.erased');
  });

  it('lists products with the retired ones, partners, and downloads a subject export', async () => {
    await t.ctx.db.updateTable('products').set({ active: false }).where('sku', '=', 'SW-PRO').execute();
    const admin = new ConsoleBrowser(t);
    await admin.signIn(['admin']);
    const products = await admin.get('/console/admin/products');
    expect(products.text).toMatch(/SW-PRO[\s\S]*Retired/);
    expect((await admin.get('/console/admin/partners')).status).toBe(200);
    await admin.get('/console/admin/privacy');
    const subject = await admin.post('/console/admin/privacy/subject.json', { email: 'grace@example.com' });
    expect(subject.status).toBe(200);
    expect(subject.headers['content-disposition']).toContain('attachment');
  });

  it('pages the audit log with a cursor and refuses a forged one', async () => {
    const admin = new ConsoleBrowser(t);
    await admin.signIn(['admin']);
    expect((await admin.get('/console/admin/audit?cursor=nonsense')).status).toBe(400);
  });
});

const signedIn = async (roles: string[], sub = 'ada') => {
  const b = new ConsoleBrowser(t);
  await b.signIn(roles, sub);
  return b;
};

describe('the tax rates page', () => {
  /** The rates as the admin API reads them. */
  const ratesOf = async (country: string) =>
    (
      await request(t.app)
        .get(`/api/admin/tax-rates?country=${country}`)
        .set('Authorization', `Bearer ${await staffToken(t, ['admin'])}`)
        .expect(200)
    ).body.rates;

  it('lists the rates, and sets a country’s rate from a day on through the tax service, audited', async () => {
    const admin = await signedIn(['admin']);
    const all = await admin.get('/console/admin/tax-rates');
    expect(all.status).toBe(200);
    expect(all.text).toMatch(/<a href="\/console\/admin\/tax-rates\?country=DE">DE<\/a>[\s\S]*?19\.00%/);
    const de = await admin.get('/console/admin/tax-rates?country=de');
    expect(de.text).toContain('action="/console/admin/tax-rates/DE"');
    expect(de.text).toMatch(/id="rate"[^>]*value="19.00"/);
    const saved = await admin.post('/console/admin/tax-rates/DE', { rate: '20,5', label: 'MwSt 20,5%', valid_from: '2031-01-01', region: '' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/console/admin/tax-rates?country=DE&done=saved');
    const after = await admin.get(String(saved.headers.location));
    expect(after.text).toContain('Rate saved.');
    expect(after.text).toContain('20.50%');
    expect((await ratesOf('DE')).slice(-2)).toEqual([
      expect.objectContaining({ rate_bp: 1900, valid_to: '2031-01-01' }),
      expect.objectContaining({ rate_bp: 2050, label: 'MwSt 20,5%', valid_from: '2031-01-01', valid_to: null }),
    ]);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['actor', 'subject_id']).where('action', '=', 'tax_rate.changed').execute();
    expect(audit).toContainEqual({ actor: 'staff:ada', subject_id: 'DE' });
  });

  it('names a bad rate or date on a page and changes nothing; refuses a forged form and a sales clerk', async () => {
    const admin = await signedIn(['admin']);
    await admin.get('/console/admin/tax-rates?country=FR');
    const before = await ratesOf('FR');
    for (const [fields, field] of [
      [{ rate: 'twenty', label: 'TVA' }, 'rate'],
      [{ rate: '120', label: 'TVA' }, 'rate'],
      [{ rate: '20', label: '' }, 'label'],
      [{ rate: '20', label: 'TVA', valid_from: '2031-02-30' }, 'valid_from'],
    ] as const) {
      const res = await admin.post('/console/admin/tax-rates/FR', fields);
      expect({ fields, status: res.status }).toEqual({ fields, status: 422 });
      expect(res.text).toContain(`<strong>${field}</strong>`);
    }
    expect((await admin.get('/console/admin/tax-rates?country=FRA')).status).toBe(400);
    expect((await admin.post('/console/admin/tax-rates/FR', { rate: '21', label: 'TVA' }, { csrf: false })).status).toBe(403);
    expect(await ratesOf('FR')).toEqual(before);
    const clerk = await signedIn(['sales'], 'sid');
    expect((await clerk.get('/console/admin/tax-rates')).status).toBe(403);
    expect((await clerk.post('/console/admin/tax-rates/FR', { rate: '21', label: 'TVA' })).status).toBe(403);
  });
});

describe('the webhook endpoints pages', () => {
  let receiver: JsonServer;
  beforeAll(async () => {
    receiver = await serveJson(() => ({ ok: true }));
  });
  afterAll(() => receiver.close());
  const endpointRow = (id: string) => t.ctx.db.selectFrom('merchant_webhook_endpoints').select(['url', 'active', 'secret']).where('id', '=', id).executeTakeFirst();

  it('adds an endpoint showing its secret once, shows its delivery log and redelivers', async () => {
    const admin = await signedIn(['admin']);
    expect((await admin.get('/console/admin/webhooks')).status).toBe(200);
    const url = receiver.url.replace('/.well-known/jwks.json', '/hooks');
    const added = await admin.post('/console/admin/webhooks', { url, event_types: ['order.paid', 'order.refunded'], active: 'yes' });
    expect(added.status).toBe(201);
    const secret = /<code id="secret">(whsec_[^<]+)<\/code>/.exec(added.text)?.[1];
    const list = await admin.get('/console/admin/webhooks');
    const id = new RegExp('/console/admin/webhooks/([0-9a-f-]{36})/deliveries').exec(list.text)?.[1];
    expect(await endpointRow(id!)).toEqual({ url, active: true, secret });
    expect(list.text).not.toContain(secret);
    expect(list.text).toContain('order.paid, order.refunded');

    // SW-PRO is retired by a test above.
    await salesOrderPaid(t, { currency: 'EUR', items: [{ sku: 'SW-STD', quantity: 1 }] }, {});
    await t.worker.runOnce();
    const log = await admin.get(`/console/admin/webhooks/${id}/deliveries`);
    expect(log.text).toMatch(/order\.paid[\s\S]*?succeeded[\s\S]*?1; last [^:]+:\d\d: 200/);
    expect(receiver.requests).toHaveLength(1);
    const deliveryId = /\/deliveries\/(\d+)\/redeliver/.exec(log.text)?.[1];
    const again = await admin.post(`/console/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`, {});
    expect(again.headers.location).toBe(`/console/admin/webhooks/${id}/deliveries?done=redelivered`);
    const pending = await admin.get(String(again.headers.location));
    expect(pending.text).toContain('Delivery queued again.');
    expect(pending.text).toContain('Being attempted');
    const twice = await admin.post(`/console/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`, {});
    expect(twice.status).toBe(409);
    await t.worker.runOnce();
    expect(receiver.requests).toHaveLength(2);
    expect((await admin.get(`/console/admin/webhooks/${id}/deliveries`)).text).toMatch(/succeeded[\s\S]*?2; last [^:]+:\d\d: 200[\s\S]*?<td class="num">1<\/td>/);
  });

  it('names a bad url or missing events, disables and enables, and deletes only after confirming', async () => {
    const admin = await signedIn(['admin']);
    await admin.get('/console/admin/webhooks');
    const noEvents = await admin.post('/console/admin/webhooks', { url: 'https://hooks.example.com/in', active: 'yes' });
    expect(noEvents.status).toBe(422);
    expect(noEvents.text).toContain('<strong>event_types</strong>');
    const badUrl = await admin.post('/console/admin/webhooks', { url: 'not a url', event_types: 'order.paid' });
    expect(badUrl.status).toBe(422);
    expect(badUrl.text).toContain('<strong>url</strong>');

    await admin.post('/console/admin/webhooks', { url: 'https://hooks.example.com/erp', event_types: 'order.paid' });
    const row = await t.ctx.db.selectFrom('merchant_webhook_endpoints').select('id').where('url', '=', 'https://hooks.example.com/erp').executeTakeFirstOrThrow();
    await admin.get('/console/admin/webhooks');
    const off = await admin.post(`/console/admin/webhooks/${row.id}/active`, { active: 'false' });
    expect(off.headers.location).toBe('/console/admin/webhooks?done=disabled');
    expect((await endpointRow(row.id))?.active).toBe(false);
    expect((await admin.get(String(off.headers.location))).text).toMatch(/hooks\.example\.com\/erp[\s\S]*?<strong>Disabled<\/strong>/);
    await admin.post(`/console/admin/webhooks/${row.id}/active`, { active: 'true' });
    expect((await endpointRow(row.id))?.active).toBe(true);

    const confirm = await admin.get(`/console/admin/webhooks/${row.id}/delete`);
    expect(confirm.text).toContain('Its delivery log goes with it');
    expect(await endpointRow(row.id)).toBeDefined();
    expect((await admin.post(`/console/admin/webhooks/${row.id}/delete`, {}, { csrf: false })).status).toBe(403);
    expect(await endpointRow(row.id)).toBeDefined();
    const deleted = await admin.post(`/console/admin/webhooks/${row.id}/delete`, {});
    expect(deleted.headers.location).toBe('/console/admin/webhooks?done=deleted');
    expect(await endpointRow(row.id)).toBeUndefined();
    expect((await admin.get(`/console/admin/webhooks/${row.id}/deliveries`)).status).toBe(404);

    const clerk = await signedIn(['sales'], 'sid');
    expect((await clerk.get('/console/admin/webhooks')).status).toBe(403);
    expect((await clerk.post('/console/admin/webhooks', { url: 'https://hooks.example.com/x', event_types: 'order.paid' })).status).toBe(403);
  });
});
