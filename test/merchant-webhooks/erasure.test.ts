import request from 'supertest';
import { recordMerchantEvent } from '../../src/merchant-webhooks';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

/** Order events carry no personal data; an event about a person (an attendee, recorded by
 * fulfilment) may, and an erasure reaches it like every other copy of the person's details. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

test('an erasure removes the person from events kept for the merchant’s systems, and keeps the rest', async () => {
  const { order } = await placeOrder(t, salesOrder({}, { name: 'Erin Erased', email: 'erin@example.com' }));
  await t.ctx.db
    .transaction()
    .execute((tx) =>
      recordMerchantEvent(tx, { type: 'attendee.changed', data: { order_number: order.number, seat: 1, attendee: { name: 'Erin Erased', email: 'erin@example.com' } } }),
    );
  const admin = await staffToken(t, ['admin']);

  const res = await request(t.app).post('/api/admin/privacy/erasures').set('Authorization', `Bearer ${admin}`).send({ email: 'erin@example.com' });

  expect(res.status).toBe(201);
  expect(res.body.erasure.counts.merchant_events).toBe(1);
  const events = await t.ctx.db.selectFrom('merchant_events').select(['type', 'data']).execute();
  expect(JSON.stringify(events)).not.toMatch(/Erin|erin@example\.com/);
  expect(events).toEqual([{ type: 'attendee.changed', data: { order_number: order.number, seat: 1, attendee: { name: 'erased', email: 'erased' } } }]);
});
