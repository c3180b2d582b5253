import { useTestApp, type TestApp } from '../helpers/app';
import { seatsLeft } from '../helpers/records';
import { postOrder } from '../helpers/orders';

/** Seats are counted under row locks: never sold twice, whatever the concurrency. */
let t: TestApp;
useTestApp((app) => (t = app));

test('50 shoppers at once for the last 5 seats: exactly 5 hold a seat, the others are told it is sold out', async () => {
  const taken = await postOrder(t, { items: [{ sku: 'TRN-ADMIN', quantity: 7 }] });
  expect(taken.status).toBe(201);
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(5);

  const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => postOrder(t, { customer: { email: `fan${i}@example.com` }, items: [{ sku: 'TRN-ADMIN', quantity: 1 }] })));

  const statuses = answers.map((r) => r.status);
  expect(statuses.filter((s) => s === 201)).toHaveLength(5);
  expect(statuses.filter((s) => s === 422)).toHaveLength(45);
  const soldOut = answers.find((r) => r.status === 422)!;
  expect(soldOut.body.errors).toEqual([{ path: 'items.0.quantity', message: 'Only 0 seats left.' }]);
  expect(await seatsLeft(t, 'TRN-ADMIN')).toBe(0);
  const holding = await t.ctx.db.selectFrom('orders').select('id').where('seats_held', '=', true).where('customer_email', 'like', 'fan%').execute();
  expect(holding).toHaveLength(5);
});
