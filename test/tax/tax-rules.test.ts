import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { EU_MEMBER_STATES } from '../../src/tax';

let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp({ SELLER_COUNTRY: 'DE', SELLER_VAT_ID: 'DE136695976' });
  admin = await staffToken(t, ['admin'], { sub: 'ada' });
  const create = (body: Record<string, unknown>) => request(t.app).post('/api/admin/products').set('Authorization', `Bearer ${admin}`).send(body);
  expect((await create({ sku: 'LIC-ONE', name: 'Licence', kind: 'software', capacity: null, prices: { EUR: 10000 } })).status).toBe(201);
  expect((await create({ sku: 'EVT-BERLIN', name: 'Berlin day', kind: 'event', capacity: 500, location_country: 'DE', prices: { EUR: 10000 } })).status).toBe(201);
});
afterAll(() => t.close());

const STANDARD_BP: Record<string, number> = {
  AT: 2000, BE: 2100, BG: 2000, CY: 1900, CZ: 2100, DE: 1900, DK: 2500, EE: 2400, ES: 2100, FI: 2550, FR: 2000, GR: 2400, HR: 2500, HU: 2700,
  IE: 2300, IT: 2200, LT: 2100, LU: 1700, LV: 2100, MT: 1800, NL: 2100, PL: 2300, PT: 2300, RO: 2100, SE: 2500, SI: 2200, SK: 2300,
}; // prettier-ignore

const order = (sku: string, customer: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  placeOrder(t, salesOrder({ items: [{ sku, quantity: 1 }], ...over }, { company: undefined, ...customer }));
const linesOf = (id: string) => t.ctx.db.selectFrom('order_items').select(['tax_country', 'tax_rate_bp', 'tax_amount']).where('order_id', '=', id).execute();

describe('a consumer in the EU', () => {
  it('covers all 27 member states', () => expect(Object.keys(STANDARD_BP).sort()).toEqual([...EU_MEMBER_STATES].sort()));

  it.each(Object.entries(STANDARD_BP))('in %s buying a licence pays that country’s rate (%d bp)', async (country, bp) => {
    const { order: placed } = await order('LIC-ONE', { country });
    expect(placed).toMatchObject({ subtotal: 10000, tax: bp, total: 10000 + bp });
    expect(await linesOf(placed.id)).toEqual([{ tax_country: country, tax_rate_bp: bp, tax_amount: bp }]);
  });

  it.each(['FR', 'IT', 'US', 'JP'])('buying a ticket for the event in Berlin from %s pays Germany’s 19%%', async (country) => {
    const { order: placed } = await order('EVT-BERLIN', { country });
    expect(placed).toMatchObject({ tax: 1900, total: 11900 });
    expect(await linesOf(placed.id)).toEqual([{ tax_country: 'DE', tax_rate_bp: 1900, tax_amount: 1900 }]);
  });
});

describe('beyond the EU', () => {
  it.each([
    ['GB', undefined, 2000],
    ['NO', undefined, 2500],
    ['CH', undefined, 810],
    ['NZ', undefined, 1500],
    ['CA', 'ON', 1300],
    ['CA', 'NS', 1400],
    ['CA', 'AB', 500],
    ['CA', undefined, 500],
  ])('%s (%s): %d bp', async (country, region, bp) => {
    const { order: placed } = await order('LIC-ONE', { country, ...(region ? { region } : {}) });
    expect(placed.tax).toBe(bp);
  });

  it('a country with no rate is sold at 0% with a note saying so (the default)', async () => {
    const { order: placed } = await order('LIC-ONE', { country: 'US' });
    expect(placed).toMatchObject({ tax: 0, total: 10000, tax_note: 'No tax charged: no tax rate is configured for US.' });
  });
});

describe('a business buyer', () => {
  it('a French company with its VAT id buying a licence: reverse charge, 0 tax, both ids in the note', async () => {
    const { order: placed } = await order('LIC-ONE', { country: 'FR', company: 'Acme SA', vat_id: 'FR 40 303 265 045' }, { po_number: 'PO-2026-77' });
    expect(placed).toMatchObject({ tax: 0, total: 10000, po_number: 'PO-2026-77' });
    expect(placed.tax_note).toMatch(/^Reverse charge: VAT to be accounted for by the recipient \(Article 196, Council Directive 2006\/112\/EC\)/);
    expect(placed.tax_note).toContain('Seller VAT id DE136695976, buyer VAT id FR40303265045');
    const row = await t.ctx.db.selectFrom('orders').select(['customer_vat_id', 'po_number']).where('id', '=', placed.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ customer_vat_id: 'FR40303265045', po_number: 'PO-2026-77' });
  });

  it('a German company buying from a German seller pays German VAT: no reverse charge at home', async () => {
    const { order: placed } = await order('LIC-ONE', { country: 'DE', company: 'Muster GmbH', vat_id: 'DE136695976' });
    expect(placed).toMatchObject({ tax: 1900, tax_note: null });
  });

  it.each([
    ['check digits that do not match', 'FR', 'FR40303265046'],
    ['an id of another country', 'FR', 'DE136695976'],
    ['a malformed id', 'AT', 'ATU1'],
  ])('%s: 422 naming customer.vat_id', async (_what, country, vat_id) => {
    const res = await request(t.app).post('/api/orders').set('Idempotency-Key', `vat-${vat_id}`).send(salesOrder({}, { country, vat_id }));
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'customer.vat_id', message: expect.any(String) }]);
  });
});
