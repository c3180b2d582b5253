import request from 'supertest';
import { containsCardNumber } from '../../src/card-data';
import { useCardTestApp, type CardTestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { answeredDeliveries, eventAbout } from '../helpers/processor';
import { statusBecomes } from '../helpers/records';
import { salesOrderPaid } from '../helpers/payments';
import { deliveryOf, mailParts, mailsOfKind, runJobs, verifyWithPublishedKey } from '../helpers/fulfilment';
import { decodeEml, mailbox, rawMailbox } from '../helpers/sales';

/** Delivery happens once whichever path marks the order paid, and never twice for copies. */
let t: CardTestApp;
useCardTestApp((app) => (t = app), { CARD_RECONCILE_AFTER_SECONDS: '0' });

const everything = [
  { sku: 'SW-PRO', quantity: 2 },
  { sku: 'EVT-SUMMIT', quantity: 3 },
  { sku: 'TRN-ADMIN', quantity: 2 },
];
const counts = async (orderId: string) => {
  const d = await deliveryOf(t, orderId);
  return { licences: d.licences.length, tickets: d.tickets.length, seats: d.seats.length };
};
const emailsOf = (number: string) =>
  mailbox(t)
    .filter((m) => m.file.startsWith(`${number}-`))
    .map((m) => m.file.replace(/^.*-\d{6}-/, ''));

test('ten copies of the paid webhook at once deliver one licence set, one ticket set, one seat set and one email of each', async () => {
  const order = await placeCardOrder(t, { items: everything });
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');
  const completed = await eventAbout(t, 'checkout.session.completed', order.sessionId);
  await t.processor.redeliver(completed.id, { times: 10 });
  await answeredDeliveries(t, completed.id, 10);
  // Two workers at once, then again: the job and its emails are done once.
  await Promise.all([runJobs(t), runJobs(t)]);
  await runJobs(t);

  const row = await statusBecomes(t, order.id, 'paid');
  expect(await counts(order.id)).toEqual({ licences: 1, tickets: 3, seats: 2 });
  expect((await deliveryOf(t, order.id)).licences[0]).toMatchObject({ sku: 'SW-PRO', quantity: 2 });
  // The delivery emails, each once, beside the receipt (test/notifications/receipts).
  expect(emailsOf(row.number).sort()).toEqual(['licences_delivered.eml', 'order_paid.eml', 'seats_delivered.eml', 'tickets_delivered.eml']);
});

test('the shopper returning from the hosted page delivers once, and the late webhook adds nothing', async () => {
  const order = await placeCardOrder(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 2 }] });
  await t.processor.pauseDeliveries();
  const { redirect_url: successUrl } = await t.processor.pay(order.sessionId, 'succeed');
  const u = new URL(successUrl!);
  expect((await request(t.baseUrl).get(`${u.pathname}${u.search}`)).status).toBe(303);
  await runJobs(t);
  await t.processor.resumeDeliveries();
  const completed = await eventAbout(t, 'checkout.session.completed', order.sessionId);
  await answeredDeliveries(t, completed.id, 1);
  await runJobs(t);
  expect(await counts(order.id)).toEqual({ licences: 0, tickets: 2, seats: 0 });
});

test('the reconciliation sweep that finds a missed payment delivers it', async () => {
  const order = await placeCardOrder(t, { items: [{ sku: 'SW-STD', quantity: 1 }] });
  await t.processor.pauseDeliveries();
  await t.processor.pay(order.sessionId, 'succeed');
  await t.worker.runOnce(Date.now() + 3_600_000);
  await runJobs(t);
  expect(await counts(order.id)).toEqual({ licences: 1, tickets: 0, seats: 0 });
});

test('a payment recorded by sales staff delivers, and the licence verifies offline with the published key while a tampered one does not', async () => {
  const order = await salesOrderPaid(t, { items: [{ sku: 'SW-PRO', quantity: 3 }] }, {});
  await runJobs(t);
  const [licence] = (await deliveryOf(t, order.id)).licences;
  const claims = await verifyWithPublishedKey(t, licence!.licence_key, 'handoff-licence+jwt');
  expect(claims).toMatchObject({ licensee: 'Navy Labs', product: { sku: 'SW-PRO' }, quantity: 3, order: order.number, jti: licence!.id });
  expect(claims!.exp! - claims!.iat!).toBeGreaterThanOrEqual(365 * 86_400 - 86_400);

  const [header, payload, signature] = licence!.licence_key.split('.');
  const forged = Buffer.from(JSON.stringify({ ...claims, quantity: 300 })).toString('base64url');
  expect(await verifyWithPublishedKey(t, `${header}.${forged}.${signature}`, 'handoff-licence+jwt')).toBeUndefined();
  expect(await verifyWithPublishedKey(t, `${header}.${payload}.${signature!.slice(0, -2)}AA`, 'handoff-licence+jwt')).toBeUndefined();
  // A ticket is not a licence, though the same key signs both.
  expect(await verifyWithPublishedKey(t, licence!.licence_key, 'handoff-ticket+jwt')).toBeUndefined();
});

test('no delivery email holds a card number, in its text or its attachments', async () => {
  const delivered = rawMailbox(t).filter((m) => /-(licences|tickets|seats)_delivered\.eml$|-attendee_invitation\.eml$/.test(m.file));
  expect(delivered.length).toBeGreaterThanOrEqual(5);
  for (const mail of delivered) {
    expect(containsCardNumber(decodeEml(mail.text))).toBe(false);
    for (const part of mailParts(mail.text)) if (!part.contentType.startsWith('image/')) expect(containsCardNumber(part.body.toString('utf8'))).toBe(false);
  }
  expect(mailsOfKind(t, 'tickets_delivered').length).toBeGreaterThanOrEqual(2);
});
