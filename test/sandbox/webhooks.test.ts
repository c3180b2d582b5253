import Stripe from 'stripe';
import { eventsOf, eventually, expectSchema, paymentSessionParams, startTestSandbox, startWebhookEndpoint, type TestSandbox, type WebhookEndpoint } from './helpers';

let t: TestSandbox;
let endpoint: WebhookEndpoint;
beforeAll(async () => {
  endpoint = await startWebhookEndpoint();
  t = await startTestSandbox({ webhookUrl: endpoint.url, asyncSettleMs: 0 });
});
afterAll(async () => {
  await t.close();
  await endpoint.close();
});
beforeEach(() => {
  endpoint.respond = () => 200;
});

const typesFor = (objectId: string) =>
  eventsOf(endpoint.received)
    .filter((e) => (e.data.object as { id?: string }).id === objectId)
    .map((e) => e.type);

/** Verifies each delivery exactly as a merchant's endpoint does. */
function verified(webhookSecret: string): Stripe.Event[] {
  return endpoint.received.map((r) => Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, webhookSecret));
}

describe('webhooks as Stripe sends them', () => {
  it('signs every delivery so that stripe.webhooks.constructEvent accepts it, and the events match the spec', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(session.id, 'succeed');
    await endpoint.waitFor(() => typesFor(session.id).includes('checkout.session.completed'));
    const events = verified(t.sb.webhookSecret);
    expect(events.length).toBeGreaterThanOrEqual(4);
    for (const event of events) {
      expectSchema('event', event);
      // The object inside is the resource as the API answers it, so it conforms to its own schema too.
      expectSchema((event.data.object as { object: string }).object, event.data.object);
    }
    expect(() => Stripe.webhooks.constructEvent(endpoint.received[0]?.body as string, endpoint.received[0]?.headers['stripe-signature'] as string, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    const completed = events.find((e) => e.type === 'checkout.session.completed') as Stripe.CheckoutSessionCompletedEvent;
    expect(completed.data.object).toMatchObject({ id: session.id, status: 'complete', payment_status: 'paid', client_reference_id: 'order_123' });
    expect(endpoint.received[0]?.headers['user-agent']).toMatch(/^Stripe\/1\.0/);
  });

  it('sends payment_intent.succeeded and checkout.session.completed when the shopper pays', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    const { session: paid } = await t.ctl.pay(session.id, 'succeed');
    await endpoint.waitFor(() => typesFor(paid.payment_intent as string).includes('payment_intent.succeeded') && typesFor(session.id).length > 0);
    expect(typesFor(paid.payment_intent as string)).toEqual(expect.arrayContaining(['payment_intent.created', 'payment_intent.succeeded']));
    expect(typesFor(session.id)).toEqual(['checkout.session.completed']);
  });

  it('sends payment_intent.payment_failed on a decline', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(session.id, 'decline');
    const pi = (await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string;
    await endpoint.waitFor(() => typesFor(pi).includes('payment_intent.payment_failed'));
  });

  it('sends checkout.session.async_payment_succeeded and _failed after a bank payment', async () => {
    const good = await t.stripe.checkout.sessions.create(paymentSessionParams());
    const bad = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(good.id, 'async_succeed');
    await t.ctl.pay(bad.id, 'async_fail');
    await endpoint.waitFor(() => typesFor(good.id).length === 2 && typesFor(bad.id).length === 2);
    expect(typesFor(good.id).sort()).toEqual(['checkout.session.async_payment_succeeded', 'checkout.session.completed']);
    expect(typesFor(bad.id).sort()).toEqual(['checkout.session.async_payment_failed', 'checkout.session.completed']);
  });

  it('sends checkout.session.expired and payment_intent.canceled when a declined session expires', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(session.id, 'decline');
    await t.stripe.checkout.sessions.expire(session.id);
    const pi = await t.stripe.paymentIntents.retrieve((await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent as string);
    expect(pi).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    await endpoint.waitFor(() => typesFor(session.id).includes('checkout.session.expired') && typesFor(pi.id).includes('payment_intent.canceled'));
  });

  it('sends charge.refunded on a refund and charge.dispute.created on a dispute', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    const { session: paid } = await t.ctl.pay(session.id, 'succeed');
    const refund = await t.stripe.refunds.create({ payment_intent: paid.payment_intent as string, amount: 1000 });
    const dispute = await t.ctl.dispute(paid.payment_intent as string);
    await endpoint.waitFor(() => typesFor(refund.charge as string).includes('charge.refunded') && typesFor(dispute.id).includes('charge.dispute.created'));
    const refunded = eventsOf(endpoint.received).find((e) => e.type === 'charge.refunded' && e.data.object.id === refund.charge);
    expect(refunded?.data.object).toMatchObject({ amount_refunded: 1000, refunded: false });
    expect(refunded?.data.previous_attributes).toEqual({ amount_refunded: 0, refunded: false });
    expect(refunded?.request?.id).toMatch(/^req_/);
  });

  it('delivers an event again, several times at once, on request', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(session.id, 'succeed');
    const [completed] = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data;
    await endpoint.waitFor((r) => eventsOf(r).some((e) => e.id === completed?.id));
    await t.ctl.redeliver(completed?.id as string, { times: 3 });
    await endpoint.waitFor((r) => eventsOf(r).filter((e) => e.id === completed?.id).length === 4);
    const log = await eventually(
      () => t.ctl.deliveries({ eventId: completed?.id }),
      (l) => l.length === 4,
    );
    expect(log.map((d) => d.kind).sort()).toEqual(['automatic', 'redelivery', 'redelivery', 'redelivery']);
  });

  it('holds deliveries and releases them in reverse order', async () => {
    await t.ctl.pauseDeliveries();
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(session.id, 'async_succeed');
    expect(typesFor(session.id)).toEqual([]);
    const { delivered } = await t.ctl.resumeDeliveries('reverse');
    expect(typesFor(session.id)).toEqual(['checkout.session.async_payment_succeeded', 'checkout.session.completed']);
    expect(delivered.length).toBeGreaterThanOrEqual(2);
  });

  it('sends nothing while no endpoint is set, and to the new endpoint once replaced', async () => {
    const other = await startWebhookEndpoint();
    try {
      await t.ctl.setWebhookUrl(null);
      const quiet = await t.stripe.checkout.sessions.create(paymentSessionParams());
      await t.ctl.pay(quiet.id, 'succeed');
      await t.ctl.setWebhookUrl(other.url);
      const loud = await t.stripe.checkout.sessions.create(paymentSessionParams());
      await t.ctl.pay(loud.id, 'succeed');
      await other.waitFor((r) => eventsOf(r).some((e) => e.type === 'checkout.session.completed'));
      expect(eventsOf(other.received).map((e) => (e.data.object as { id: string }).id)).not.toContain(quiet.id);
      expect(typesFor(loud.id)).toEqual([]);
    } finally {
      t.sb.setWebhookUrl(endpoint.url);
      await other.close();
    }
  });
});
