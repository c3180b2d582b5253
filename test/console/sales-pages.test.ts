import request from 'supertest';
import { ConsoleBrowser } from '../helpers/console';
import { startTestApp, type TestApp } from '../helpers/app';
import { partlyPaidAndFlagged, placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { formatMinor } from '../../src/shared/money';
import { asBytes } from '../helpers/bytes';

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

  it('lists the order’s documents, each a PDF download with the bytes the staff API serves; not for door staff', async () => {
    const placed = await placeOrder(t);
    const proforma = `PF-${placed.order.number}`;
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['finance'], 'fiona');
    const orderPage = await clerk.get(`/console/sales/orders/${placed.order.id}`);
    expect(orderPage.text).toContain('<h2 id="s-documents">Documents</h2>');
    expect(orderPage.text).toContain(`href="/console/sales/orders/${placed.order.id}/documents/${proforma}"`);
    const download = await asBytes(request(t.app).get(`/console/sales/orders/${placed.order.id}/documents/${proforma}`).set('Cookie', clerk.cookieHeader()));
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect((download.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const viaApi = await asBytes(
      request(t.app)
        .get(`/api/staff/orders/${placed.order.id}/documents/${proforma}`)
        .set('Authorization', `Bearer ${await staffToken(t, ['finance'])}`),
    );
    expect(Buffer.compare(download.body as Buffer, viaApi.body as Buffer)).toBe(0);
    expect(download.headers['x-content-sha256']).toBe(viaApi.headers['x-content-sha256']);
    expect((await clerk.get(`/console/sales/orders/${placed.order.id}/documents/2026-999999`)).status).toBe(404);
    expect((await clerk.get(`/console/sales/orders/${placed.order.id}/documents/not-a-number`)).status).toBe(400);
    const door = new ConsoleBrowser(t);
    await door.signIn(['door'], 'dora');
    expect((await door.get(`/console/sales/orders/${placed.order.id}/documents/${proforma}`)).status).toBe(403);
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
    expect(page.text).not.toContain('Extend hold');
    expect((await finance.post(`/console/sales/orders/${placed.order.id}/cancel`, {})).status).toBe(403);
    expect((await finance.post(`/console/sales/orders/${placed.order.id}/hold`, { hold_expires_at: '2030-01-01T00:00' })).status).toBe(403);
    const flagged = await partlyPaidAndFlagged(t);
    const flaggedPage = await finance.get(`/console/sales/orders/${flagged.order.id}`);
    expect(flaggedPage.text).toContain('offline_hold_expired_partly_paid');
    expect(flaggedPage.text).not.toContain('Clear the flag');
    expect((await finance.post(`/console/sales/orders/${flagged.order.id}/clear-flag`, { note: 'Looked at it.' })).status).toBe(403);
  });
});

/** A datetime-local field's value, as the form sends it: minutes, UTC. */
const minuteIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
const orderRow = (id: string) => t.ctx.db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('the console order page: extending a hold and clearing a flag', () => {
  it('shows the current hold end and moves it later', async () => {
    const placed = await placeOrder(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales'], 'clerk-hal');
    const page = await clerk.get(`/console/sales/orders/${placed.order.id}`);
    const held = (await orderRow(placed.order.id)).hold_expires_at!;
    expect(page.text).toContain(`<strong id="hold-ends">${held.toISOString().slice(0, 16).replace('T', ' ')} UTC</strong>`);
    expect(page.text).toMatch(/<label for="hold_expires_at">New hold end \(UTC\)<\/label>/);
    expect(page.text).toMatch(/action="\/console\/sales\/orders\/[0-9a-f-]{36}\/hold">\s*<input type="hidden" name="_csrf"/);
    const end = minuteIn(20);
    expect((await clerk.post(`/console/sales/orders/${placed.order.id}/hold`, { hold_expires_at: end }, { csrf: false })).status).toBe(403);
    const res = await clerk.post(`/console/sales/orders/${placed.order.id}/hold`, { hold_expires_at: end });
    expect([res.status, res.headers.location]).toEqual([303, `/console/sales/orders/${placed.order.id}?done=hold`]);
    expect((await orderRow(placed.order.id)).hold_expires_at).toEqual(new Date(`${end}:00Z`));
    const after = await clerk.get(String(res.headers.location));
    expect(after.text).toContain('Hold extended.');
    expect(after.text).toContain(`${end.replace('T', ' ')} UTC`);
    const history = await t.ctx.db.selectFrom('order_history').select('actor').where('order_id', '=', placed.order.id).where('event', '=', 'hold_extended').execute();
    expect(history).toEqual([{ actor: 'staff:clerk-hal' }]);
  });

  it('answers bad input with a 4xx page naming hold_expires_at, and a closed order with a 409 page, never a 5xx', async () => {
    const placed = await placeOrder(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales']);
    const held = (await orderRow(placed.order.id)).hold_expires_at;
    for (const value of ['next week', '', minuteIn(-1), minuteIn(45), '2026-02-30T10:00']) {
      const res = await clerk.post(`/console/sales/orders/${placed.order.id}/hold`, { hold_expires_at: value });
      expect([value, res.status, res.headers['content-type']]).toEqual([value, 422, expect.stringContaining('text/html')]);
      expect(res.text).toContain('<strong>hold_expires_at</strong>');
      expect(res.text).toContain(`href="/console/sales/orders/${placed.order.id}"`);
    }
    expect((await orderRow(placed.order.id)).hold_expires_at).toEqual(held);
    await clerk.post(`/console/sales/orders/${placed.order.id}/cancel`, {});
    const closed = await clerk.post(`/console/sales/orders/${placed.order.id}/hold`, { hold_expires_at: minuteIn(20) });
    expect(closed.status).toBe(409);
    expect(closed.text).toContain('is cancelled');
    expect((await clerk.get(`/console/sales/orders/${placed.order.id}`)).text).not.toContain('Extend hold');
  });

  it('shows a flag’s reason and clears it with a note, which the history then shows with the clerk', async () => {
    const flagged = await partlyPaidAndFlagged(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales'], 'clerk-flo');
    const page = await clerk.get(`/console/sales/orders/${flagged.order.id}`);
    expect(page.text).toContain('The hold ran out with part of the money received');
    expect(page.text).toMatch(/<label for="note">What was done about it<\/label>/);
    const early = await clerk.post(`/console/sales/orders/${flagged.order.id}/clear-flag`, { note: 'Pays the rest on Monday.' });
    expect(early.status).toBe(409);
    expect(early.text).toContain('extend the hold first');
    expect((await clerk.post(`/console/sales/orders/${flagged.order.id}/hold`, { hold_expires_at: minuteIn(7) })).status).toBe(303);
    const res = await clerk.post(`/console/sales/orders/${flagged.order.id}/clear-flag`, { note: 'Pays the rest on Monday.' });
    expect([res.status, res.headers.location]).toEqual([303, `/console/sales/orders/${flagged.order.id}?done=flag-cleared`]);
    const after = await clerk.get(String(res.headers.location));
    expect(after.text).toContain('Flag cleared.');
    expect(after.text).not.toContain('Needs attention</h2>');
    expect(after.text).toMatch(/attention_cleared: “Pays the rest on Monday\.”\s*<small>\(staff:clerk-flo\)<\/small>/);
    const again = await clerk.post(`/console/sales/orders/${flagged.order.id}/clear-flag`, { note: 'Again.' });
    expect(again.status).toBe(409);
  });

  it('refuses an empty note or a card number in it with a page naming note, never echoing the number', async () => {
    const flagged = await partlyPaidAndFlagged(t);
    const clerk = new ConsoleBrowser(t);
    await clerk.signIn(['sales']);
    await clerk.post(`/console/sales/orders/${flagged.order.id}/hold`, { hold_expires_at: minuteIn(7) });
    const empty = await clerk.post(`/console/sales/orders/${flagged.order.id}/clear-flag`, { note: '  ' });
    expect(empty.status).toBe(422);
    expect(empty.text).toContain('<strong>note</strong>');
    const card = await clerk.post(`/console/sales/orders/${flagged.order.id}/clear-flag`, { note: 'Card 4111-1111-1111-1111 by phone' });
    expect(card.status).toBe(422);
    expect(card.text).toContain('<strong>note</strong>');
    expect(card.text).not.toMatch(/4111[ -]?1111/);
    expect((await orderRow(flagged.order.id)).needs_attention).toBe(true);
  });
});
