import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

const apps: TestApp[] = [];
async function app(env: Record<string, string>): Promise<{ t: TestApp; admin: string }> {
  const t = await startTestApp(env);
  apps.push(t);
  return { t, admin: await staffToken(t, ['admin'], { sub: 'ada' }) };
}
afterAll(() => Promise.all(apps.map((t) => t.close())));

const product = (t: TestApp, admin: string, sku: string, prices: Record<string, number>) =>
  request(t.app).post('/api/admin/products').set('Authorization', `Bearer ${admin}`).send({ sku, name: sku, kind: 'software', capacity: null, prices });

describe('store tax settings', () => {
  it('refuse: an order from a country with no rate is 422 naming customer.country, and nothing is written', async () => {
    const { t } = await app({ TAX_UNCONFIGURED_COUNTRY: 'refuse' });
    const res = await request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', 'refused-us')
      .send(salesOrder({}, { country: 'US' }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'customer.country', message: 'The store does not sell into US: no tax rate is configured for it.' }]);
    expect(await t.ctx.db.selectFrom('orders').select('id').execute()).toEqual([]);
    const { order } = await placeOrder(t, salesOrder({}, { country: 'AT' }));
    expect(order.total).toBeGreaterThan(0);
  });

  it('prices with tax included: the lines add up to the shown price exactly, tax taken out of it', async () => {
    const { t, admin } = await app({ TAX_PRICES_INCLUDE_TAX: 'true' });
    expect((await product(t, admin, 'SW-GROSS', { EUR: 9999 })).status).toBe(201);
    const { order } = await placeOrder(t, salesOrder({ items: [{ sku: 'SW-GROSS', quantity: 3 }] }, { country: 'DE' }));
    // 29997 gross at 19%: 29997 × 19 / 119 = 4789.4 → 4789 tax, 25208 net.
    expect(order).toMatchObject({ total: 29997, tax: 4789, subtotal: 25208 });
  });

  it('rounding per order: one rounding per rate on the sum of the lines, the lines still adding up', async () => {
    const amounts = { line: [] as number[], order: [] as number[] };
    for (const rounding of ['line', 'order'] as const) {
      const { t, admin } = await app({ TAX_ROUNDING: rounding });
      for (const sku of ['SW-A', 'SW-B', 'SW-C']) expect((await product(t, admin, sku, { EUR: 1050 })).status).toBe(201);
      const items = ['SW-A', 'SW-B', 'SW-C'].map((sku) => ({ sku, quantity: 1 }));
      const { order } = await placeOrder(t, salesOrder({ items }, { country: 'DE' }));
      const lines = await t.ctx.db.selectFrom('order_items').select('tax_amount').where('order_id', '=', order.id).orderBy('line_no').execute();
      amounts[rounding] = lines.map((l) => l.tax_amount);
      expect(lines.reduce((s, l) => s + l.tax_amount, 0)).toBe(order.tax);
    }
    // 1050 × 19% = 199.5 per line: 200 each when rounded per line; 598.5 → 599 once per order.
    expect(amounts.line).toEqual([200, 200, 200]);
    expect(amounts.order.reduce((s, a) => s + a, 0)).toBe(599);
  });
});

describe('admins managing tax rates', () => {
  it('read the rates and settings; a new rate from a day on ends the one before, audited', async () => {
    const { t, admin } = await app({});
    const read = await request(t.app).get('/api/admin/tax-rates').query({ country: 'EE' }).set('Authorization', `Bearer ${admin}`);
    expect(read.status).toBe(200);
    expect(read.body.rates).toEqual([
      { country: 'EE', region: '', rate_bp: 2200, label: 'KM 22%', valid_from: '2024-01-01', valid_to: '2025-07-01' },
      { country: 'EE', region: '', rate_bp: 2400, label: 'KM 24%', valid_from: '2025-07-01', valid_to: null },
    ]);
    expect(read.body.settings).toEqual({ unconfigured_country: 'zero', prices_include_tax: false, rounding: 'line', seller_country: 'DE' });

    const set = await request(t.app).post('/api/admin/tax-rates/US').set('Authorization', `Bearer ${admin}`).send({ rate_bp: 0, label: 'Sales tax 0%', valid_from: '2026-01-01' });
    expect(set.status).toBe(200);
    const raise = await request(t.app).post('/api/admin/tax-rates/AT').set('Authorization', `Bearer ${admin}`).send({ rate_bp: 2100, label: 'USt 21%', valid_from: '2030-01-01' });
    expect(raise.body.rates.map((r: { rate_bp: number; valid_to: string | null }) => [r.rate_bp, r.valid_to])).toEqual([
      [2000, '2030-01-01'],
      [2100, null],
    ]);
    // Orders today still pay 20% in Austria; the US is configured now, so its orders carry no note.
    expect((await placeOrder(t, salesOrder({}, { country: 'AT' }))).order.tax).toBe(Math.round(2 * 13900 * 0.2));
    const us = (await placeOrder(t, salesOrder({}, { country: 'US' }))).order;
    expect(us.tax_note).toBeNull();
    const entries = await t.ctx.db.selectFrom('audit_log').select(['actor', 'action', 'subject_id']).where('action', '=', 'tax_rate.changed').orderBy('id').execute();
    expect(entries).toEqual([
      { actor: 'staff:ada', action: 'tax_rate.changed', subject_id: 'US' },
      { actor: 'staff:ada', action: 'tax_rate.changed', subject_id: 'AT' },
    ]);
  });

  it('refuse a rate before one that starts later (422 naming valid_from), a bad rate, and non-admins', async () => {
    const { t, admin } = await app({});
    const post = (body: Record<string, unknown>, token = admin) => request(t.app).post('/api/admin/tax-rates/FI').set('Authorization', `Bearer ${token}`).send(body);
    expect((await post({ rate_bp: 2500, label: 'ALV 25%', valid_from: '2024-06-01' })).body.errors).toEqual([
      { path: 'valid_from', message: expect.stringContaining('2024-09-01') },
    ]);
    expect((await post({ rate_bp: 10_001, label: 'x' })).body.errors).toEqual([{ path: 'rate_bp', message: 'At most 10000 (100%).' }]);
    expect((await post({ rate_bp: 2500, label: 'x' }, await staffToken(t, ['sales']))).status).toBe(403);
    expect((await request(t.app).get('/api/admin/tax-rates')).status).toBe(401);
  });
});
