import request from 'supertest';
import { containsCardNumber } from '../../src/card-data';
import { formatMinor } from '../../src/shared/money';
import { startCardTestApp, type CardTestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { eventually, orderRow, statusBecomes } from '../helpers/records';
import { decodeEml, placeOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { inboxRows } from '../webhooks/helpers';
import { startSmtpServer, type SmtpServer } from '../helpers/smtp-server';

/** Receipts and refund notices, through a real SMTP server: every buyer, either payment path. */
let smtp: SmtpServer;
let t: CardTestApp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await startCardTestApp({ SMTP_URL: smtp.url });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const mailTo = (email: string, subject: RegExp) =>
  smtp.messages
    .filter((m) => m.to.includes(`<${email}>`))
    .map((m) => decodeEml(m.data))
    .filter((text) => subject.test(/^Subject: (.*)$/m.exec(text)?.[1] ?? ''));
const money = (amount: number, currency: string) => `${formatMinor(amount, currency)} ${currency}`;

async function paidCardOrder(email: string) {
  const order = await placeCardOrder(t, { customer: { email }, items: [{ sku: 'SW-STD', quantity: 2 }] });
  await t.processor.pay(order.sessionId, 'succeed');
  return { ...order, row: await statusBecomes(t, order.id, 'paid') };
}

describe('a card buyer', () => {
  it('gets one receipt: items, tax, totals, how it was paid, and a link that opens the order page', async () => {
    const order = await paidCardOrder('receipt@example.com');
    await t.worker.runOnce();
    await t.worker.runOnce();

    const receipts = mailTo('receipt@example.com', /^Receipt for order /);
    expect(receipts).toHaveLength(1);
    const [text] = receipts;
    const { row } = order;
    expect(text).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(text).toMatch(/^Content-Type: text\/html/m);
    const item = await t.ctx.db.selectFrom('order_items').selectAll().where('order_id', '=', row.id).executeTakeFirstOrThrow();
    expect(text).toContain(`  2 x ${item.name} (SW-STD) at ${money(item.unit_amount, 'USD')}, tax ${item.tax_rate_bp / 100}%  ${money(item.amount, 'USD')}`);
    expect(text).toContain(`Tax ${money(row.tax, 'USD')}`);
    expect(text).toContain(`Total ${money(row.total, 'USD')}`);
    expect(text).toMatch(new RegExp(`Card on \\d{4}-\\d{2}-\\d{2}: ${formatMinor(row.total, 'USD')} USD`));
    const link = /^(http:\/\/127\.0\.0\.1:3000\/orders\/\S+)$/m.exec(text!)?.[1];
    expect(link).toBeDefined();
    const page = await request(t.app).get(new URL(link!).pathname + new URL(link!).search);
    expect(page.status).toBe(200);
    expect(page.text).toContain(row.number);
  });

  it('is told of a refund once, though the API answer and the processor’s webhook both report it', async () => {
    const order = await paidCardOrder('card-refund@example.com');
    const finance = await staffToken(t, ['finance']);
    await request(t.app).post(`/api/staff/orders/${order.id}/refunds`).set('Authorization', `Bearer ${finance}`).send({ amount: 1000 }).expect(201);
    await eventually(
      'the charge.refunded webhook',
      async () => (await inboxRows(t)).filter((r) => r.type === 'charge.refunded' && r.processed_at !== null),
      (rows) => rows.length > 0,
    );
    expect((await orderRow(t, order.id)).amount_refunded).toBe(1000);
    await t.worker.runOnce();
    await t.worker.runOnce();

    const notices = mailTo('card-refund@example.com', /^Refund of /);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/^Subject: Refund of 10\.00 USD for order /m);
    expect(notices[0]).toContain(`Refunded so far: 10.00 USD of ${money(order.row.total, 'USD')}.`);
    expect(notices[0]).toContain('back to the card you paid with');
  });
});

describe('a pay-via-sales buyer', () => {
  it('gets the receipt and a refund notice too', async () => {
    const { order } = await placeOrder(t);
    const [sales, finance] = await Promise.all([staffToken(t, ['sales']), staffToken(t, ['finance'])]);
    await request(t.app)
      .post(`/api/staff/orders/${order.id}/payments`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ amount: order.total, currency: 'EUR', method: 'bank_transfer', reference: 'TRF 9' })
      .expect(201);
    await request(t.app)
      .post(`/api/staff/orders/${order.id}/refunds`)
      .set('Authorization', `Bearer ${finance}`)
      .send({ amount: order.total, method: 'bank_transfer', reference: 'RF-9' })
      .expect(201);
    await t.worker.runOnce();

    const about = (subject: RegExp) => mailTo('grace@example.com', subject).filter((m) => m.includes(order.number));
    expect(about(/^Receipt for order /)).toHaveLength(1);
    const notices = about(/^Refund of /);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(`Your order is now refunded in full: ${money(order.total, 'EUR')}.`);
    expect(notices[0]).toContain('the way our team arranged with you');
  });
});

test('no email sent in this file holds a card number', () => {
  expect(smtp.messages.length).toBeGreaterThan(3);
  for (const m of smtp.messages) expect(containsCardNumber(decodeEml(m.data))).toBe(false);
});
