import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeOrder, seatedOrder, seatsTaken } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let admin: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  admin = await staffToken(t, ['admin'], { sub: 'ada' });
});

const create = (body: Record<string, unknown>) => request(t.app).post('/api/admin/products').set('Authorization', `Bearer ${admin}`).send(body);
const change = (sku: string, body: Record<string, unknown>) => request(t.app).patch(`/api/admin/products/${sku}`).set('Authorization', `Bearer ${admin}`).send(body);
const workshop = { sku: 'TRN-WORKSHOP', name: 'Migration workshop', kind: 'training', description: 'Half a day.\nOnline.', capacity: 8, prices: { EUR: 49000, USD: 52000 } };
const shopperCatalog = async () => (await request(t.app).get('/api/products')).body.products as Array<{ sku: string; prices: Record<string, number>; seats_left: number | null }>;

describe('admins managing the catalog', () => {
  it('add a product that shoppers then see and can order', async () => {
    const res = await create(workshop);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sku: 'TRN-WORKSHOP', capacity: 8, seats_taken: 0, seats_left: 8, active: true, prices: { EUR: 49000, USD: 52000 } });
    expect((await shopperCatalog()).find((p) => p.sku === 'TRN-WORKSHOP')).toMatchObject({ prices: { EUR: 49000, USD: 52000 }, seats_left: 8 });
    const { order } = await placeOrder(t, seatedOrder(3, { items: [{ sku: 'TRN-WORKSHOP', quantity: 3 }] }));
    expect(order.total).toBe(3 * 49000 + Math.round(3 * 49000 * 0.19));
  });

  it('refuse a sku that exists with 409', async () => {
    const res = await create({ ...workshop, sku: 'SW-STD' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('product_exists');
  });

  it.each([
    ['a lowercase sku', { sku: 'trn-x' }, 'sku'],
    ['an unknown kind', { kind: 'hardware' }, 'kind'],
    ['no price', { prices: {} }, 'prices'],
    ['a price of 0', { prices: { EUR: 0 } }, 'prices.EUR'],
    ['a fractional price', { prices: { EUR: 10.5 } }, 'prices.EUR'],
    ['a currency that is no ISO code', { prices: { euro: 100 } }, 'prices.euro'],
    ['a capacity of 0', { capacity: 0 }, 'capacity'],
    ['a name with a control character', { name: 'Bad\u0007name' }, 'name'],
    ['an unknown field', { seats_taken: 3 }, 'seats_taken'],
  ])('refuse %s with 422 naming the field', async (_what, change, field) => {
    const res = await create({ ...workshop, sku: 'TRN-OTHER', ...change });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it('change prices (null removes a currency), name and active, audited with before and after', async () => {
    const res = await change('SW-STD', { name: 'Handoff Suite Standard 2027', prices: { USD: 5900, JPY: null } });
    expect(res.status).toBe(200);
    expect(res.body.prices).toEqual({ EUR: 4500, GBP: 3900, USD: 5900 });
    await change('SW-STD', { active: false });
    expect((await shopperCatalog()).map((p) => p.sku)).not.toContain('SW-STD');
    await change('SW-STD', { active: true });
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('subject_id', '=', 'SW-STD').orderBy('id').execute();
    expect(audit[0]).toMatchObject({
      actor: 'staff:ada',
      action: 'product.updated',
      before: expect.objectContaining({ prices: expect.objectContaining({ USD: 4900, JPY: 7500 }) }),
      after: expect.objectContaining({ name: 'Handoff Suite Standard 2027', prices: { EUR: 4500, GBP: 3900, USD: 5900 } }),
    });
    expect(audit.map((a) => a.after)).toEqual([expect.anything(), expect.objectContaining({ active: false }), expect.objectContaining({ active: true })]);
  });

  it('never lower capacity below the seats already taken', async () => {
    await placeOrder(t, seatedOrder(5));
    const taken = await seatsTaken(t, 'EVT-SUMMIT');
    const res = await change('EVT-SUMMIT', { capacity: taken - 1 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'capacity_below_seats_taken', errors: [{ path: 'capacity', message: `At least ${taken}, the seats already taken.` }] });
    const ok = await change('EVT-SUMMIT', { capacity: taken });
    expect(ok.body).toMatchObject({ capacity: taken, seats_left: 0 });
  });

  it('refuse removing the last price, an empty change, and an unknown sku', async () => {
    await create({ ...workshop, sku: 'SW-ONE', kind: 'software', capacity: null, prices: { USD: 100 } });
    const last = await change('SW-ONE', { prices: { USD: null } });
    expect(last.status).toBe(422);
    expect(last.body.errors).toEqual([{ path: 'prices', message: 'This would remove the last price.' }]);
    expect((await change('SW-ONE', {})).status).toBe(422);
    expect((await change('NOPE-1', { active: false })).status).toBe(404);
  });
});
