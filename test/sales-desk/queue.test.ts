import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
let finance: string;
const placed: string[] = [];
beforeAll(async () => {
  t = await startTestApp();
  sales = await staffToken(t, ['sales']);
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  for (let i = 0; i < 7; i++) placed.push((await placeOrder(t, salesOrder({}, { name: `Shopper ${i}` }))).order.id);
  placed.push((await placeOrder(t, salesOrder({ payment_method: 'card' }))).order.id);
});
afterAll(() => t.close());

const list = (query: string, token = sales) => request(t.app).get(`/api/staff/orders${query}`).set('Authorization', `Bearer ${token}`);

describe('the staff order queue', () => {
  it('lists orders newest first, with the customer and what is outstanding', async () => {
    const res = await list('');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.orders.map((o: { id: string }) => o.id)).toEqual([...placed].reverse());
    expect(res.body.orders[1]).toMatchObject({
      status: 'awaiting_offline_payment',
      customer: { name: 'Shopper 6', country: 'DE' },
      outstanding: expect.any(Number),
      offline_reference: expect.stringMatching(/^HO-/),
    });
    expect(res.body.next_cursor).toBeNull();
  });

  it('walks every order once, page by page, with the cursor it hands out', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res = await list(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.body.orders.map((o: { id: string }) => o.id));
      cursor = res.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...placed].reverse());
  });

  it('keeps its place among orders created in the same millisecond, or the same microsecond (then by id)', async () => {
    await t.ctx.db.updateTable('orders').set({ created_at: '2020-01-01T00:00:00.123456Z' }).where('id', 'in', placed.slice(0, 4)).execute();
    await t.ctx.db.updateTable('orders').set({ created_at: '2020-01-01T00:00:00.123457Z' }).where('id', '=', placed[4]!).execute();
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...res.body.orders.map((o: { id: string }) => o.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(placed.length);
    expect(ids.slice(-5)).toEqual([placed[4], ...[...placed.slice(0, 4)].sort().reverse()]);
  });

  it('filters by status and payment method', async () => {
    const card = await list('?payment_method=card');
    expect(card.body.orders.map((o: { id: string }) => o.id)).toEqual([placed[7]]);
    const waiting = await list('?status=awaiting_offline_payment&payment_method=sales&limit=100');
    expect(waiting.body.orders).toHaveLength(7);
    expect((await list('?status=paid')).body.orders).toEqual([]);
  });

  it.each([
    ['an unknown status', '?status=lost', 'status'],
    ['an unknown payment method', '?payment_method=cash', 'payment_method'],
    ['a limit of 0', '?limit=0', 'limit'],
    ['a limit over 100', '?limit=101', 'limit'],
    ['a limit that is no number', '?limit=ten', 'limit'],
    ['a cursor it never handed out', '?cursor=bm90LWEtY3Vyc29y', 'cursor'],
    ['an unknown parameter', '?sort=asc', 'sort'],
    ['a repeated status', '?status=paid&status=expired', 'status'],
  ])('answers 400 naming the parameter for %s', async (_what, query, field) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: field })]));
  });

  it('is open to finance too', async () => {
    expect((await list('?limit=1', finance)).status).toBe(200);
  });
});

describe('one order, whole', () => {
  it('shows the customer, payments, contact request, referral and history', async () => {
    const { order } = await placeOrder(t, salesOrder({ contact_me: true }));
    await request(t.app)
      .post(`/api/staff/orders/${order.id}/payments`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ amount: 100, currency: 'EUR', method: 'other', reference: 'cash at the fair' });
    const res = await request(t.app).get(`/api/staff/orders/${order.id}`).set('Authorization', `Bearer ${finance}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: order.id,
      number: order.number,
      customer: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy Labs', country: 'DE', phone: '+49 30 1234567' },
      payments: [{ amount: 100, currency: 'EUR', method: 'other', reference: 'cash at the fair', recorded_by: 'staff:sam' }],
      refunds: [],
      contact_request: { status: 'with_sales', partner: null },
      disclosures: [],
    });
    expect(res.body.history.map((h: { event: string }) => h.event)).toEqual(['created', 'contact_requested', 'payment_recorded']);
  });

  it('is 404 for an unknown order', async () => {
    const res = await request(t.app).get('/api/staff/orders/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${sales}`);
    expect(res.status).toBe(404);
  });
});
