import { craftEvent, inboxRows, postEvent } from './helpers';
import { useTestApp, type TestApp } from '../helpers/app';
import { placeCardOrder } from '../helpers/orders';
import { historyOf, orderRow, paymentsOf } from '../helpers/records';

/** Trust nothing an event cannot prove: its signature over the exact bytes, its age, and then its
 * order, amount and currency against ours. */
let t: TestApp;
useTestApp((app) => (t = app));

/** A completed, paid session for this order, as the processor would describe it. */
async function paidSessionEvent(sessionId: string, change: Record<string, unknown> = {}) {
  const session = await t.ctx.stripe.checkout.sessions.retrieve(sessionId);
  return craftEvent('checkout.session.completed', { ...session, status: 'complete', payment_status: 'paid', payment_intent: 'pi_test_crafted000000000001', ...change });
}

describe('events whose signature cannot be trusted are refused with 400 and change nothing', () => {
  // Signature ages are offsets from the moment the event is posted: a timestamp taken when the file
  // loaded drifted into the tolerance on a loaded machine before the test ran.
  test.each([
    ['forged with another secret', { secret: 'whsec_not_the_real_one' }],
    ['missing', { unsigned: true }],
    ['stale (signed ten minutes ago)', { ageSeconds: 600 }],
    ['dated an hour ahead of our clock', { ageSeconds: -3600 }],
    ['dated just beyond the tolerance ahead of our clock', { ageSeconds: -320 }],
  ])('a signature %s', async (_name, { ageSeconds, ...opts }: { secret?: string; unsigned?: boolean; ageSeconds?: number }) => {
    const order = await placeCardOrder(t);
    const event = await paidSessionEvent(order.sessionId);
    const logsBefore = t.logs().length;

    const timestamp = ageSeconds === undefined ? undefined : Math.floor(Date.now() / 1000) - ageSeconds;
    const res = await postEvent(t, event, { ...opts, timestamp });

    expect(res.status).toBe(400);
    expect(res.type).toBe('application/problem+json');
    expect(res.body.code).toMatch(/^webhook_signature_(invalid|missing)$/);
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'pending_payment', amount_paid: 0, needs_attention: false });
    expect(await paymentsOf(t, order.id)).toHaveLength(0);
    expect((await inboxRows(t)).map((r) => r.event_id)).not.toContain(event.id);
    // Nothing of the payload reaches the logs: not the event, the session, nor the order.
    const written = t.logs().slice(logsBefore);
    expect(written).toContain('webhook refused');
    for (const secret of [event.id, order.sessionId, order.id, 'ada@example.com']) expect(written).not.toContain(secret);
  });

  test('a header signed an hour ahead that also carries a present t= before it', async () => {
    const order = await placeCardOrder(t);
    const payload = JSON.stringify(await paidSessionEvent(order.sessionId));
    const ahead = Math.floor(Date.now() / 1000) + 3600;
    const signed = t.ctx.stripe.webhooks.generateTestHeaderString({ payload, secret: t.ctx.webhookSecret, timestamp: ahead });
    const res = await postEvent(t, payload, { unsigned: true }).set('Stripe-Signature', `t=${Math.floor(Date.now() / 1000)},${signed}`);
    expect(res.status).toBe(400);
    expect(await paymentsOf(t, order.id)).toHaveLength(0);
  });

  test('a body altered after signing', async () => {
    const order = await placeCardOrder(t);
    const event = await paidSessionEvent(order.sessionId);
    const signed = t.ctx.stripe.webhooks.generateTestHeaderString({ payload: JSON.stringify(event), secret: t.ctx.webhookSecret });
    const tampered = JSON.stringify({ ...event, id: 'evt_tampered' });
    const res = await postEvent(t, tampered, { unsigned: true }).set('Stripe-Signature', signed);
    expect(res.status).toBe(400);
    expect((await orderRow(t, order.id)).status).toBe('pending_payment');
  });
});

test("a signature a little ahead of our clock (the processor's clock runs fast) is accepted", async () => {
  const order = await placeCardOrder(t);
  // Its own PaymentIntent: a payment recorded under the shared one would be found by the tests below.
  const event = await paidSessionEvent(order.sessionId, { payment_intent: 'pi_test_crafted_fast_clock01' });
  const res = await postEvent(t, event, { timestamp: Math.floor(Date.now() / 1000) + 60 });
  expect(res.status).toBe(200);
  expect(res.body.outcome).toBe('paid');
});

describe('a correctly signed event that does not match the order records no payment and flags the order', () => {
  test.each([
    ['amount', { amount_total: 1 }],
    ['currency', { currency: 'eur' }],
  ])('the %s differs', async (what, change) => {
    const order = await placeCardOrder(t);
    const res = await postEvent(t, await paidSessionEvent(order.sessionId, change));

    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('flagged');
    const row = await orderRow(t, order.id);
    expect(row).toMatchObject({ status: 'pending_payment', amount_paid: 0, needs_attention: true, attention_reason: 'amount_mismatch' });
    expect(await paymentsOf(t, order.id)).toHaveLength(0);
    const flagged = (await historyOf(t, order.id)).find((h) => h.event === 'flagged');
    expect(JSON.stringify(flagged?.detail)).toContain(what === 'amount' ? '"amount":1' : '"currency":"EUR"');
  });

  test('the session names another order than the one it was made for', async () => {
    const mine = await placeCardOrder(t);
    const other = await placeCardOrder(t);
    const res = await postEvent(t, await paidSessionEvent(mine.sessionId, { client_reference_id: other.id }));

    expect(res.body.outcome).toBe('flagged');
    expect(await orderRow(t, mine.id)).toMatchObject({ status: 'pending_payment', needs_attention: true, attention_reason: 'order_mismatch' });
    expect(await orderRow(t, other.id)).toMatchObject({ status: 'pending_payment', needs_attention: false });
    expect(await paymentsOf(t, mine.id)).toHaveLength(0);
    expect(await paymentsOf(t, other.id)).toHaveLength(0);
  });

  test('a session no order of ours was made for is acknowledged and recorded as unmatched', async () => {
    const order = await placeCardOrder(t);
    const event = await paidSessionEvent(order.sessionId, { id: 'cs_test_someone_elses', client_reference_id: null, metadata: {} });
    const res = await postEvent(t, event);
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('unmatched');
    expect((await inboxRows(t)).find((r) => r.event_id === event.id)).toMatchObject({ outcome: 'unmatched' });
    expect((await orderRow(t, order.id)).needs_attention).toBe(false);
  });
});

test('event types that change no order are answered 200 without a write', async () => {
  const before = (await inboxRows(t)).length;
  const res = await postEvent(t, craftEvent('customer.created', { id: 'cus_test_1', object: 'customer' }));
  expect(res.status).toBe(200);
  expect(res.body.outcome).toBe('ignored');
  expect(await inboxRows(t)).toHaveLength(before);
});
