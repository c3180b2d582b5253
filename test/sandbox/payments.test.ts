import type Stripe from 'stripe';
import { expectResponse, expectSchema, paymentSessionParams, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());

async function paidSession(): Promise<{ session: Stripe.Checkout.Session; pi: string }> {
  const created = await t.stripe.checkout.sessions.create(paymentSessionParams());
  const { session } = await t.ctl.pay(created.id, 'succeed');
  return { session, pi: session.payment_intent as string };
}

describe('refunds', () => {
  it('refunds part, then the rest, of a payment; the charge keeps count', async () => {
    const { pi } = await paidSession();
    const part = await t.stripe.refunds.create({ payment_intent: pi, amount: 4800, reason: 'requested_by_customer', metadata: { ticket: 'T-1' } });
    expectSchema('refund', part);
    expect(part).toMatchObject({ object: 'refund', status: 'succeeded', amount: 4800, currency: 'usd', payment_intent: pi, reason: 'requested_by_customer' });
    expect(part.id).toMatch(/^re_/);
    const rest = await t.stripe.refunds.create({ charge: part.charge as string });
    expect(rest.amount).toBe(20000);
    const charge = await t.stripe.charges.retrieve(part.charge as string, { expand: ['refunds'] });
    expectResponse('get', '/v1/charges/{charge}', charge);
    expect(charge).toMatchObject({ amount_refunded: 24800, refunded: true });
    expect(charge.refunds?.data.map((r) => r.id)).toEqual([rest.id, part.id]);
    expect(await t.stripe.refunds.retrieve(part.id)).toMatchObject({ id: part.id, metadata: { ticket: 'T-1' } });
  });

  it('refuses to refund more than is left, naming amount', async () => {
    const { pi } = await paidSession();
    await t.stripe.refunds.create({ payment_intent: pi, amount: 24000 });
    await expect(t.stripe.refunds.create({ payment_intent: pi, amount: 1000 })).rejects.toMatchObject({ statusCode: 400, param: 'amount' });
    await t.stripe.refunds.create({ payment_intent: pi });
    await expect(t.stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ statusCode: 400, code: 'charge_already_refunded' });
  });

  it('refuses a refund without a payment, and of a payment that did not succeed', async () => {
    await expect(t.stripe.refunds.create({})).rejects.toMatchObject({ statusCode: 400, param: 'charge' });
    const created = await t.stripe.checkout.sessions.create(paymentSessionParams());
    const { session } = await t.ctl.pay(created.id, 'decline').then(() => t.ctl.pay(created.id, 'async'));
    await expect(t.stripe.refunds.create({ payment_intent: session.payment_intent as string })).rejects.toMatchObject({ statusCode: 400, param: 'payment_intent' });
  });

  it('lists refunds of one payment', async () => {
    const { pi } = await paidSession();
    await t.stripe.refunds.create({ payment_intent: pi, amount: 100 });
    await t.stripe.refunds.create({ payment_intent: pi, amount: 200 });
    const list = await t.stripe.refunds.list({ payment_intent: pi });
    expectResponse('get', '/v1/refunds', list);
    expect(list.data.map((r) => r.amount)).toEqual([200, 100]);
  });
});

describe('disputes', () => {
  it('opens a dispute on a payment; the charge is disputed and can no longer be refunded', async () => {
    const { pi } = await paidSession();
    const opened = await t.ctl.dispute(pi, { reason: 'fraudulent' });
    const dispute = await t.stripe.disputes.retrieve(opened.id);
    expectResponse('get', '/v1/disputes/{dispute}', dispute);
    expect(dispute).toMatchObject({ object: 'dispute', status: 'needs_response', reason: 'fraudulent', amount: 24800, payment_intent: pi });
    expect(dispute.id).toMatch(/^du_/);
    expect((await t.stripe.charges.retrieve(dispute.charge as string)).disputed).toBe(true);
    await expect(t.stripe.refunds.create({ payment_intent: pi })).rejects.toMatchObject({ statusCode: 400, code: 'charge_disputed' });
  });

  it('closes a dispute as won or lost once, with a charge.dispute.closed event', async () => {
    for (const outcome of ['won', 'lost'] as const) {
      const { pi } = await paidSession();
      const opened = await t.ctl.dispute(pi);
      expect(await t.ctl.closeDispute(opened.id, outcome)).toMatchObject({ id: opened.id, status: outcome });
      const dispute = await t.stripe.disputes.retrieve(opened.id);
      expectResponse('get', '/v1/disputes/{dispute}', dispute);
      expect(dispute.status).toBe(outcome);
      const closed = (await t.stripe.events.list({ type: 'charge.dispute.closed' })).data.find((e) => (e.data.object as Stripe.Dispute).id === opened.id);
      expect(closed?.data.object).toMatchObject({ status: outcome, payment_intent: pi });
      expect(closed?.data.previous_attributes).toEqual({ status: 'needs_response' });
      await expect(t.ctl.closeDispute(opened.id, 'won')).rejects.toThrow(/already closed/);
    }
  });
});

describe('PaymentIntents', () => {
  it('creates, retrieves and cancels a PaymentIntent', async () => {
    const created = await t.stripe.paymentIntents.create({ amount: 2000, currency: 'eur', metadata: { order_id: 'o-9' } });
    expectResponse('post', '/v1/payment_intents', created);
    expect(created).toMatchObject({ status: 'requires_payment_method', amount: 2000, currency: 'eur', client_secret: expect.stringMatching(/^pi_.+_secret_/) });
    expect(await t.stripe.paymentIntents.retrieve(created.id)).toMatchObject({ id: created.id, metadata: { order_id: 'o-9' } });
    const canceled = await t.stripe.paymentIntents.cancel(created.id, { cancellation_reason: 'abandoned' });
    expectSchema('payment_intent', canceled);
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await expect(t.stripe.paymentIntents.cancel(created.id)).rejects.toMatchObject({ statusCode: 400 });
  });

  it('refuses amounts below the currency minimum and unknown currencies', async () => {
    await expect(t.stripe.paymentIntents.create({ amount: 10, currency: 'usd' })).rejects.toMatchObject({ param: 'amount', code: 'amount_too_small' });
    await expect(t.stripe.paymentIntents.create({ amount: 1000, currency: 'xyz' })).rejects.toMatchObject({ param: 'currency' });
  });
});

describe('events', () => {
  it('retrieves and lists events, by type and with wildcards, newest first', async () => {
    const { session, pi } = await paidSession();
    const completed = await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 });
    expectResponse('get', '/v1/events', completed);
    const event = completed.data[0] as Stripe.Event;
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
    expect(await t.stripe.events.retrieve(event.id)).toMatchObject({ id: event.id, type: 'checkout.session.completed', livemode: false });
    expectResponse('get', '/v1/events/{id}', await t.stripe.events.retrieve(event.id));
    const ofPayment = await t.stripe.events.list({ type: 'payment_intent.*', limit: 100 });
    const types = ofPayment.data.filter((e) => (e.data.object as { id: string }).id === pi).map((e) => e.type);
    expect(types).toEqual(['payment_intent.succeeded', 'payment_intent.created']);
  });
});

describe('expiry by time', () => {
  it('expires an open session at expires_at, seen by retrieve, events and the hosted page', async () => {
    const now = await t.ctl.now();
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams({ expires_at: now + 3600 }));
    await t.ctl.advanceClock(1800);
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).status).toBe('open');
    await t.ctl.expireByTime(session.id);
    expect(await t.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({ status: 'expired', url: null });
    const events = await t.stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data.map((e) => (e.data.object as { id: string }).id)).toContain(session.id);
    expect((await t.ctl.hostedPage(session.url as string)).body).toContain('expired');
  });
});
