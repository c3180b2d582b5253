import request from 'supertest';
import { useTestApp, type TestApp } from '../helpers/app';
import { deliveryOf, runJobs, verifyWithPublishedKey } from '../helpers/fulfilment';
import { placeCardOrder } from '../helpers/orders';
import { answeredDeliveries, delivered } from '../helpers/processor';
import { historyOf, orderRow, statusBecomes } from '../helpers/records';
import { staffToken } from '../helpers/staff-token';

/** A chargeback the bank decides: lost takes back what was delivered (the money is gone), won
 * takes back nothing; the closing is applied once however many copies arrive. */
let t: TestApp;
useTestApp((app) => (t = app));

const scan = async (token: string) =>
  request(t.app)
    .post('/api/checkin')
    .set('Authorization', `Bearer ${await staffToken(t, ['door'])}`)
    .send({ token });
const revokedIds = async () => {
  const res = await request(t.app).get('/licences/revocations');
  const list = (await verifyWithPublishedKey(t, res.text, 'handoff-licence-revocations+jwt')) as { revoked: Array<{ jti: string }> };
  return list.revoked.map((r) => r.jti);
};

/** A card order with one licence and one ticket, paid and delivered, then charged back. */
async function disputedDelivery() {
  const order = await placeCardOrder(t, {
    items: [
      { sku: 'SW-PRO', quantity: 1 },
      { sku: 'EVT-SUMMIT', quantity: 1 },
    ],
  });
  await t.processor.pay(order.sessionId, 'succeed');
  const paid = await statusBecomes(t, order.id, 'paid');
  await runJobs(t);
  const delivery = await deliveryOf(t, order.id);
  expect([delivery.licences.length, delivery.tickets.length]).toEqual([1, 1]);
  const dispute = await t.processor.dispute(paid.processor_payment_intent!);
  await statusBecomes(t, order.id, 'disputed');
  return { order, delivery, dispute };
}

async function closeDispute(disputeId: string, outcome: 'won' | 'lost') {
  await t.processor.closeDispute(disputeId, outcome);
  const { event, delivery } = await delivered(t, 'charge.dispute.closed', disputeId);
  expect(JSON.parse(delivery.response_body).outcome).toBe(`dispute_${outcome}`);
  return event;
}

test('a dispute closed lost revokes the licence (on the signed list) and the ticket (refused at the door)', async () => {
  const { order, delivery, dispute } = await disputedDelivery();
  await closeDispute(dispute.id, 'lost');
  await runJobs(t);

  expect(await revokedIds()).toContain(delivery.licences[0]!.id);
  const refused = await scan(delivery.tickets[0]!.token);
  expect(refused.status).toBe(409);
  expect(refused.body.code).toBe('ticket_revoked');
  expect(await orderRow(t, order.id)).toMatchObject({ status: 'disputed', needs_attention: true, attention_reason: 'dispute_lost' });
});

test('a dispute closed won revokes nothing and only adds to the history', async () => {
  const { order, delivery, dispute } = await disputedDelivery();
  const before = await orderRow(t, order.id);
  await closeDispute(dispute.id, 'won');
  await runJobs(t);

  expect(await revokedIds()).not.toContain(delivery.licences[0]!.id);
  expect((await deliveryOf(t, order.id)).tickets[0]!.revoked_at).toBeNull();
  expect((await scan(delivery.tickets[0]!.token)).status).toBe(200);
  const after = await orderRow(t, order.id);
  expect(after).toMatchObject({ status: before.status, attention_reason: before.attention_reason, amount_refunded: before.amount_refunded });
  expect((await historyOf(t, order.id)).find((h) => h.event === 'dispute_closed')?.detail).toMatchObject({ dispute: dispute.id, status: 'won' });
});

test('the closed event delivered twice revokes once', async () => {
  const { order, delivery, dispute } = await disputedDelivery();
  const event = await closeDispute(dispute.id, 'lost');
  await t.processor.redeliver(event.id, { times: 2 });
  await answeredDeliveries(t, event.id, 3);
  await Promise.all([runJobs(t), runJobs(t)]);

  const jobs = await t.ctx.db.selectFrom('jobs').select(['dedupe_key', 'done_at']).where('dedupe_key', 'like', `fulfilment.revoke:${order.id}:%`).execute();
  expect(jobs).toEqual([{ dedupe_key: `fulfilment.revoke:${order.id}:dispute_lost:${dispute.id}`, done_at: expect.any(Date) }]);
  expect((await historyOf(t, order.id)).filter((h) => h.event === 'dispute_closed')).toHaveLength(1);
  expect((await revokedIds()).filter((id) => id === delivery.licences[0]!.id)).toHaveLength(1);
  expect((await deliveryOf(t, order.id)).tickets[0]!.revoked_at).not.toBeNull();
});
