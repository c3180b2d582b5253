import request from 'supertest';
import { containsCardNumber } from '../../src/card-data';
import { formatMinor } from '../../src/shared/money';
import { startTestApp, type TestApp } from '../helpers/app';
import { expireOverdueOfflineOrders } from '../../src/sales-desk';
import { holdRanOut, mailbox, mailsOf, placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

let t: TestApp;
let sales: string;
beforeAll(async () => {
  t = await startTestApp({ SALES_EMAIL: 'deals@handoff.example', MAIL_FROM: 'Handoff <shop@handoff.example>' });
  sales = await staffToken(t, ['sales']);
});
afterAll(() => t.close());

const pay = (id: string, amount: number) =>
  request(t.app)
    .post(`/api/staff/orders/${id}/payments`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ amount, currency: 'EUR', method: 'bank_transfer', reference: `TRF 2211-${amount}` });
const extend = (id: string, until: Date) =>
  request(t.app).post(`/api/staff/orders/${id}/hold`).set('Authorization', `Bearer ${sales}`).send({ hold_expires_at: until.toISOString() });
/** `days` after the order's current hold end, on a whole minute. */
const laterThanHold = async (id: string, days: number) => {
  const { hold_expires_at: held } = await t.ctx.db.selectFrom('orders').select('hold_expires_at').where('id', '=', id).executeTakeFirstOrThrow();
  return new Date(Math.floor(held!.getTime() / 60_000) * 60_000 + days * DAY);
};
const emailRows = (id: string) => t.ctx.db.selectFrom('emails').select(['kind', 'status']).where('order_id', '=', id).where('kind', '=', 'hold_extended').orderBy('id').execute();
const DAY = 86_400_000;
const header = (text: string, name: string) => new RegExp(`^${name}: (.*)$`, 'mi').exec(text)?.[1];

describe('emails about a sales order', () => {
  it('tell the shopper how to pay and the sales team of the new order, once each, even when the job runs twice', async () => {
    const { order, next } = await placeOrder(t);
    expect(mailsOf(t, order.number, 'order_received')).toEqual([]);
    await t.worker.runOnce();
    await t.worker.runOnce();
    const [received] = mailsOf(t, order.number, 'order_received');
    expect(mailsOf(t, order.number, 'order_received')).toHaveLength(1);
    expect(header(received!.text, 'To')).toBe('grace@example.com');
    expect(header(received!.text, 'From')).toBe('Handoff <shop@handoff.example>');
    // Plain text (no HTML alternative), with the pro-forma attached (test/invoicing/attachments.test.ts).
    expect(header(received!.text, 'Content-Type')).toMatch(/^multipart\/mixed/);
    expect(received!.text).toMatch(/^Content-Type: text\/plain/m);
    expect(received!.text).toContain(`filename=PF-${order.number}.pdf`);
    expect(received!.text).toContain(next.reference);
    expect(received!.text).toContain('IBAN DE89 3704 0044 0532 0130 00');
    const [toSales] = mailsOf(t, order.number, 'sales_new_order');
    expect(mailsOf(t, order.number, 'sales_new_order')).toHaveLength(1);
    expect(header(toSales!.text, 'To')).toBe('deals@handoff.example');
    expect(toSales!.text).toContain('Navy Labs');
  });

  it('are sent once even when a job is run again after it sent (a crash before it was marked done)', async () => {
    const { order } = await placeOrder(t);
    await t.worker.runOnce();
    const sentBefore = mailbox(t).length;
    await t.ctx.db
      .updateTable('jobs')
      .set({ done_at: null, run_at: new Date(Date.now() - 1000) })
      .where('kind', '=', 'email.send')
      .execute();
    expect(await t.worker.runOnce()).toBeGreaterThan(0);
    expect(mailbox(t)).toHaveLength(sentBefore);
    const rows = await t.ctx.db.selectFrom('emails').select(['kind', 'status']).where('order_id', '=', order.id).orderBy('id').execute();
    expect(rows).toEqual([
      { kind: 'order_received', status: 'sent' },
      { kind: 'sales_new_order', status: 'sent' },
    ]);
  });

  it('confirm a part payment with what is still due, then send the receipt once the order is paid in full', async () => {
    const { order } = await placeOrder(t);
    await pay(order.id, 1000);
    await pay(order.id, order.total - 1000);
    await t.worker.runOnce();
    await t.worker.runOnce();
    const parts = mailsOf(t, order.number, 'payment_received');
    expect(parts).toHaveLength(1);
    expect(parts[0]!.text).toMatch(/we received 10\.00 EUR/);
    expect(parts[0]!.text).toContain(`Still to pay: ${formatMinor(order.total - 1000, 'EUR')} EUR`);
    const [receipt, ...more] = mailsOf(t, order.number, 'order_paid');
    expect(more).toEqual([]);
    expect(receipt!.text).toMatch(/is paid in full\. This is your receipt/);
    expect(receipt!.text).toMatch(/ {2}Bank transfer on \d{4}-\d{2}-\d{2}: 10\.00 EUR\n {2}Bank transfer on \d{4}-\d{2}-\d{2}: /);
    expect(receipt!.text).toContain(`: ${formatMinor(order.total - 1000, 'EUR')} EUR\n`);
  });

  it('never go to a card shopper for order received, and never hold a card number', async () => {
    const { order } = await placeOrder(t, salesOrder({ payment_method: 'card' }));
    await t.worker.runOnce();
    expect(mailbox(t).filter((m) => m.file.startsWith(order.number))).toEqual([]);
    expect(mailbox(t).length).toBeGreaterThan(0);
    for (const m of mailbox(t)) expect(containsCardNumber(m.text)).toBe(false);
  });

  it('go to the sales team when a shopper asks to be contacted and no partner covers the country', async () => {
    const { order } = await placeOrder(t, salesOrder({ payment_method: 'card', contact_me: true }, { country: 'JP' }));
    await t.worker.runOnce();
    const [mail] = mailsOf(t, order.number, 'sales_contact_request');
    expect(mail!.text).toMatch(/No active partner covers JP: please contact the shopper/);
    expect(mail!.text).toContain('grace@example.com');
  });

  it('are not sent to an order erased before the job ran', async () => {
    const { order } = await placeOrder(t);
    await t.ctx.db.updateTable('orders').set({ erased_at: new Date() }).where('id', '=', order.id).execute();
    await t.worker.runOnce();
    expect(mailbox(t).filter((m) => m.file.startsWith(order.number))).toEqual([]);
    const rows = await t.ctx.db.selectFrom('emails').select('status').where('order_id', '=', order.id).execute();
    expect(rows.map((r) => r.status)).toEqual(['skipped', 'skipped']);
  });
});

describe('the email about an extended hold', () => {
  it('tells the shopper the new end to the minute, what is still due and how to pay, once per end, a retry included', async () => {
    const { order, next } = await placeOrder(t);
    await pay(order.id, 1000);
    const until = await laterThanHold(order.id, 10);
    expect((await extend(order.id, until)).status).toBe(200);
    expect((await extend(order.id, until)).headers['idempotent-replayed']).toBe('true');
    await t.worker.runOnce();
    await t.worker.runOnce();
    const mails = mailsOf(t, order.number, 'hold_extended');
    expect(mails).toHaveLength(1);
    const text = mails[0]!.text;
    const end = `${until.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(header(text, 'To')).toBe('grace@example.com');
    expect(header(text, 'Subject')).toBe(`Order ${order.number}: held for you until ${end}`);
    expect(text).toContain(`we now hold it until ${end}.`);
    expect(text).toContain(`Still to pay: ${formatMinor(order.total - 1000, 'EUR')} EUR (reference ${next.reference}).`);
    expect(text).toContain('IBAN DE89 3704 0044 0532 0130 00');
    expect(await emailRows(order.id)).toEqual([{ kind: 'hold_extended', status: 'sent' }]);
  });

  it('is sent for each later end, and an extension overtaken before it went out is skipped: the shopper reads only the end that holds', async () => {
    const { order } = await placeOrder(t);
    const first = await laterThanHold(order.id, 5);
    const second = new Date(first.getTime() + 2 * DAY);
    expect((await extend(order.id, first)).status).toBe(200);
    expect((await extend(order.id, second)).status).toBe(200);
    await t.worker.runOnce();
    const mails = mailsOf(t, order.number, 'hold_extended');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text).toContain(second.toISOString().slice(0, 10));
    expect(mails[0]!.text).not.toContain(`until ${first.toISOString().slice(0, 10)}`);
    expect(await emailRows(order.id)).toEqual([
      { kind: 'hold_extended', status: 'skipped' },
      { kind: 'hold_extended', status: 'sent' },
    ]);
    const third = new Date(second.getTime() + DAY);
    expect((await extend(order.id, third)).status).toBe(200);
    await t.worker.runOnce();
    expect(mailsOf(t, order.number, 'hold_extended')).toHaveLength(2);
  });

  it('is not sent once the order was paid, cancelled or expired before it went out', async () => {
    const { order: paid } = await placeOrder(t);
    const { order: cancelled } = await placeOrder(t);
    const { order: expired } = await placeOrder(t);
    for (const o of [paid, cancelled, expired]) expect((await extend(o.id, await laterThanHold(o.id, 3))).status).toBe(200);
    expect((await pay(paid.id, paid.total)).status).toBe(201);
    expect((await request(t.app).post(`/api/staff/orders/${cancelled.id}/cancel`).set('Authorization', `Bearer ${sales}`).send({ reason: 'withdrew' })).status).toBe(200);
    await holdRanOut(t, expired.id);
    expect(await expireOverdueOfflineOrders(t.ctx.db)).toBeGreaterThanOrEqual(1);
    await t.worker.runOnce();
    for (const o of [paid, cancelled, expired]) {
      expect(mailsOf(t, o.number, 'hold_extended')).toEqual([]);
      expect(await emailRows(o.id)).toEqual([{ kind: 'hold_extended', status: 'skipped' }]);
    }
    expect(mailsOf(t, paid.number, 'order_paid')).toHaveLength(1);
    expect(mailsOf(t, cancelled.number, 'order_cancelled')).toHaveLength(1);
    expect(mailsOf(t, expired.number, 'order_expired')).toHaveLength(1);
  });
});
