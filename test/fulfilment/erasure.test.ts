import request from 'supertest';
import { signOrderToken } from '../../src/shared/keys';
import { startTestApp, type TestApp } from '../helpers/app';
import { deliveryOf, runJobs } from '../helpers/fulfilment';
import { salesOrderPaid } from '../helpers/payments';
import { staffToken } from '../helpers/staff-token';

/** An erasure reaches what was delivered: the attendees the person named, any seat that names the
 * person, and the stored licence key that names them as licensee. */
let t: TestApp;
let admin: string;
beforeAll(async () => {
  t = await startTestApp();
  admin = await staffToken(t, ['admin']);
});
afterAll(() => t.close());

const grace = { name: 'Grace Hopper', email: 'grace@example.com' };
const nameSeat = async (orderId: string, seatId: string, person: { name: string; email: string }) =>
  request(t.app)
    .patch(`/api/orders/${orderId}/attendees/${seatId}`)
    .set('Authorization', `Bearer ${await signOrderToken(t.ctx.keys, orderId)}`)
    .send(person)
    .expect(200);

test('erasing a buyer clears the attendees and licence keys of their orders, and seats elsewhere that name them', async () => {
  const hers = await salesOrderPaid(
    t,
    {
      items: [
        { sku: 'TRN-ADMIN', quantity: 1 },
        { sku: 'SW-STD', quantity: 1 },
      ],
    },
    grace,
  );
  const colleagues = await salesOrderPaid(t, { items: [{ sku: 'TRN-ADMIN', quantity: 1 }] }, { name: 'Alan Turing', email: 'alan@example.com' });
  await runJobs(t);
  const before = await deliveryOf(t, hers.id);
  await nameSeat(hers.id, before.seats[0]!.id, { name: 'Mary Jackson', email: 'mary@example.com' });
  const theirs = await deliveryOf(t, colleagues.id);
  await nameSeat(colleagues.id, theirs.seats[0]!.id, grace);
  expect(before.licences[0]!.licence_key).toContain('.');

  const res = await request(t.app).post('/api/admin/privacy/erasures').set('Authorization', `Bearer ${admin}`).send({ email: grace.email }).expect(201);
  expect(res.body.erasure.counts.deliveries).toBe(3);

  const seats = await t.ctx.db.selectFrom('attendees').select(['order_id', 'name', 'email']).where('order_id', 'in', [hers.id, colleagues.id]).execute();
  expect(seats).toEqual(
    expect.arrayContaining([
      { order_id: hers.id, name: null, email: null },
      { order_id: colleagues.id, name: null, email: null },
    ]),
  );
  const licences = await t.ctx.db.selectFrom('licences').select('licence_key').where('order_id', '=', hers.id).execute();
  expect(licences).toEqual([{ licence_key: 'erased' }]);
  // Alan's own order keeps what is his.
  const alan = await t.ctx.db.selectFrom('orders').select('customer_name').where('id', '=', colleagues.id).executeTakeFirstOrThrow();
  expect(alan.customer_name).toBe('Alan Turing');
});
