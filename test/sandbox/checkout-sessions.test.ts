import type Stripe from 'stripe';
import { expectResponse, expectSchema, paymentSessionParams, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());

describe('Checkout Sessions through the official SDK', () => {
  it('creates an open, unpaid payment session shaped as the Stripe spec says, with no PaymentIntent yet', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    expectSchema('checkout.session', session);
    expect(session).toMatchObject({
      object: 'checkout.session',
      livemode: false,
      mode: 'payment',
      status: 'open',
      payment_status: 'unpaid',
      payment_intent: null,
      currency: 'usd',
      amount_subtotal: 24800,
      amount_total: 24800,
      client_reference_id: 'order_123',
      customer_email: 'ada@example.com',
      metadata: { order_id: 'order_123' },
      success_url: 'https://shop.example/checkout/return?session_id={CHECKOUT_SESSION_ID}',
    });
    expect(session.id).toMatch(/^cs_test_[A-Za-z0-9]{50,}$/);
    expect(session.url).toBe(`${t.sb.url}/c/pay/${session.id}`);
    expect(session.expires_at - session.created).toBe(24 * 3600);
  });

  it('retrieves a session with its line items and PaymentIntent expanded', async () => {
    const created = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.ctl.pay(created.id, 'succeed');
    const session = await t.stripe.checkout.sessions.retrieve(created.id, { expand: ['line_items', 'payment_intent.latest_charge'] });
    expectResponse('get', '/v1/checkout/sessions/{session}', session);
    expect(session.line_items?.data.map((i) => [i.description, i.quantity, i.amount_total])).toEqual([
      ['Handoff Pro licence', 2, 9800],
      ['Onboarding workshop', 1, 15000],
    ]);
    const pi = session.payment_intent as Stripe.PaymentIntent;
    expect(pi).toMatchObject({ object: 'payment_intent', status: 'succeeded', amount: 24800, metadata: { order_id: 'order_123' } });
    expect(pi.latest_charge).toMatchObject({ object: 'charge', status: 'succeeded', paid: true, amount: 24800 });
  });

  it('lists line items with pagination', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    const first = await t.stripe.checkout.sessions.listLineItems(session.id, { limit: 1 });
    expectResponse('get', '/v1/checkout/sessions/{session}/line_items', first);
    expect(first).toMatchObject({ object: 'list', has_more: true, url: `/v1/checkout/sessions/${session.id}/line_items` });
    const rest = await t.stripe.checkout.sessions.listLineItems(session.id, { starting_after: first.data[0]?.id });
    expect(rest.data.map((i) => i.description)).toEqual(['Onboarding workshop']);
    expect(rest.has_more).toBe(false);
  });

  it('finds the session of a PaymentIntent by listing with payment_intent', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    await t.stripe.checkout.sessions.create(paymentSessionParams());
    const { session: paid } = await t.ctl.pay(session.id, 'succeed');
    const found = await t.stripe.checkout.sessions.list({ payment_intent: paid.payment_intent as string });
    expectResponse('get', '/v1/checkout/sessions', found);
    expect(found.data.map((s) => s.id)).toEqual([session.id]);
  });

  it('expires an open session through the API and refuses to expire it twice', async () => {
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
    const expired = await t.stripe.checkout.sessions.expire(session.id);
    expectSchema('checkout.session', expired);
    expect(expired).toMatchObject({ status: 'expired', payment_status: 'unpaid', url: null });
    await expect(t.stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
    const events = await t.stripe.events.list({ type: 'checkout.session.expired' });
    expect(events.data.map((e) => (e.data.object as { id: string }).id)).toContain(session.id);
  });

  it('treats zero-decimal currencies as whole amounts (JPY 4,900 is 4900)', async () => {
    const session = await t.stripe.checkout.sessions.create(
      paymentSessionParams({ line_items: [{ price_data: { currency: 'JPY', product_data: { name: 'Seat' }, unit_amount: 4900 }, quantity: 3 }] }),
    );
    expect(session).toMatchObject({ currency: 'jpy', amount_total: 14700 });
    const page = await t.ctl.hostedPage(session.url as string);
    expect(page.body).toContain('14,700 JPY');
  });

  it('accepts expires_at between 30 minutes and 24 hours from now', async () => {
    const now = await t.ctl.now();
    const session = await t.stripe.checkout.sessions.create(paymentSessionParams({ expires_at: now + 1800 }));
    expect(session.expires_at).toBe(now + 1800);
    await expect(t.stripe.checkout.sessions.create(paymentSessionParams({ expires_at: now + 600 }))).rejects.toMatchObject({ statusCode: 400, param: 'expires_at' });
    await expect(t.stripe.checkout.sessions.create(paymentSessionParams({ expires_at: now + 25 * 3600 }))).rejects.toMatchObject({ statusCode: 400, param: 'expires_at' });
  });

  it('completes a zero-total session without a payment', async () => {
    const session = await t.stripe.checkout.sessions.create(
      paymentSessionParams({ line_items: [{ price_data: { currency: 'eur', product_data: { name: 'Free webinar' }, unit_amount: 0 }, quantity: 1 }] }),
    );
    expect(session.payment_status).toBe('no_payment_required');
    const { session: done } = await t.ctl.pay(session.id, 'succeed');
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', payment_intent: null });
  });
});

describe('idempotency keys', () => {
  it('replays the first answer for the same key and parameters', async () => {
    const params = paymentSessionParams();
    const first = await t.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-777-checkout' });
    const again = await t.stripe.checkout.sessions.create(params, { idempotencyKey: 'order-777-checkout' });
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const all = await t.stripe.checkout.sessions.list({ limit: 100 });
    expect(all.data.filter((s) => s.id === first.id)).toHaveLength(1);
  });

  it('refuses the same key with other parameters with an idempotency_error', async () => {
    await t.stripe.checkout.sessions.create(paymentSessionParams(), { idempotencyKey: 'order-778-checkout' });
    const other = paymentSessionParams({ client_reference_id: 'order_999' });
    await expect(t.stripe.checkout.sessions.create(other, { idempotencyKey: 'order-778-checkout' })).rejects.toMatchObject({
      type: 'StripeIdempotencyError',
      statusCode: 400,
    });
  });

  it('forgets keys after 24 hours', async () => {
    const fresh = await startTestSandbox();
    try {
      const first = await fresh.stripe.checkout.sessions.create(paymentSessionParams(), { idempotencyKey: 'day-old-key' });
      await fresh.ctl.advanceClock(24 * 3600 + 1);
      const later = await fresh.stripe.checkout.sessions.create(paymentSessionParams(), { idempotencyKey: 'day-old-key' });
      expect(later.id).not.toBe(first.id);
      expect(later.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    } finally {
      await fresh.close();
    }
  });
});
