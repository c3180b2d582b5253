import request from 'supertest';
import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { formatMinor } from '../../src/shared/money';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the staff API searches the queue', () => {
  it('finds an order by its payment reference, number, email, name and company, and nothing else', async () => {
    const mine = await placeOrder(t, salesOrder({}, { name: 'Katherine Johnson', email: 'kj@nasa.example', company: 'Langley Research' }));
    await placeOrder(t, salesOrder({}, { name: 'Someone Else', email: 'else@example.com', company: 'Other Co' }));
    const token = await staffToken(t, ['sales']);
    const search = async (q: string) => {
      const res = await request(t.app).get('/api/staff/orders').query({ q }).set('Authorization', `Bearer ${token}`);
      expect(res.status).toBe(200);
      return (res.body as { orders: Array<{ id: string }> }).orders.map((o) => o.id);
    };
    for (const q of [mine.next.reference.toLowerCase(), mine.order.number, 'KJ@NASA', 'katherine', 'langley']) expect(await search(q)).toEqual([mine.order.id]);
    expect(await search('100%_')).toEqual([]);
  });

  it('filters by flag and by age', async () => {
    const token = await staffToken(t, ['sales']);
    const res = await request(t.app).get('/api/staff/orders').query({ needs_attention: 'true', older_than_days: '1' }).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.orders).toEqual([]);
    const bad = await request(t.app).get('/api/staff/orders').query({ older_than_days: 'soon' }).set('Authorization', `Bearer ${token}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('older_than_days');
  });
});

describe('the console sales pages', () => {
  it('a clerk finds an order by its reference, records two partial payments and sees it paid', async () => {
    const placed = await placeOrder(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales'], 'clerk-ann');
    const queue = await clerk.get(`/console/sales?q=${placed.next.reference}`);
    expect(queue.status).toBe(200);
    expect(queue.text).toContain(`/console/sales/orders/${placed.order.id}`);
    const half = Math.floor(placed.order.total / 2);
    const pay = (amount: number, reference: string) =>
      clerk.post(`/console/sales/orders/${placed.order.id}/payments`, { amount: formatMinor(amount, 'EUR'), method: 'bank_transfer', reference });
    expect((await pay(half, 'SEPA 1')).status).toBe(303);
    const between = await clerk.get(`/console/sales/orders/${placed.order.id}`);
    expect(between.text).toContain('data-status="awaiting_offline_payment"');
    const last = await pay(placed.order.total - half, 'SEPA 2');
    expect(last.headers.location).toBe(`/console/sales/orders/${placed.order.id}?done=payment`);
    const after = await clerk.get(String(last.headers.location));
    expect(after.text).toContain('data-status="paid"');
    expect(after.text).toContain('Payment recorded.');
    const history = await t.ctx.db.selectFrom('order_history').select('actor').where('order_id', '=', placed.order.id).where('event', 'like', '%payment%').execute();
    expect(history.map((h) => h.actor)).toContain('staff:clerk-ann');
  });

  it('answers a bad amount or a card number in the reference with a page naming the field, and records nothing', async () => {
    const placed = await placeOrder(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales']);
    const bad = await clerk.post(`/console/sales/orders/${placed.order.id}/payments`, { amount: '12.345', method: 'check', reference: 'CHK 1' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<strong>amount</strong>');
    const card = await clerk.post(`/console/sales/orders/${placed.order.id}/payments`, { amount: '1.00', method: 'check', reference: '4242 4242 4242 4242' });
    expect(card.status).toBe(422);
    expect(card.text).not.toContain('4242 4242');
    const payments = await t.ctx.db.selectFrom('payments').select('id').where('order_id', '=', placed.order.id).execute();
    expect(payments).toHaveLength(0);
  });

  it('cancels an unpaid order from its page', async () => {
    const placed = await placeOrder(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales']);
    const res = await clerk.post(`/console/sales/orders/${placed.order.id}/cancel`, { reason: 'customer withdrew' });
    expect(res.status).toBe(303);
    expect((await clerk.get(String(res.headers.location))).text).toContain('data-status="cancelled"');
  });

  it('shows finance the queue and the order, without the forms that change them', async () => {
    const placed = await placeOrder(t);
    const finance = new ConsoleBrowser(t);
    await finance.signIn(['finance']);
    const page = await finance.get(`/console/sales/orders/${placed.order.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Record payment');
    expect((await finance.post(`/console/sales/orders/${placed.order.id}/cancel`, {})).status).toBe(403);
  });
});
