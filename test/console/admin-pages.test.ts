import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';

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
