import type Stripe from 'stripe';
import { expectSchema, paymentSessionParams, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  // Hosted-page bank payments settle by themselves after asyncSettleMs; these tests settle them by control.
  t = await startTestSandbox({ asyncSettleMs: 0 });
});
afterAll(() => t.close());

const newSession = () => t.stripe.checkout.sessions.create(paymentSessionParams());

async function paymentOf(sessionId: string) {
  const session = await t.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent.latest_charge'] });
  const pi = session.payment_intent as Stripe.PaymentIntent;
  return { session, pi, charge: pi.latest_charge as Stripe.Charge };
}

describe('the hosted payment page', () => {
  it('shows the items, the total, three buttons and a cancel link', async () => {
    const session = await newSession();
    const page = await t.ctl.hostedPage(session.url as string);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Handoff Pro licence × 2');
    expect(page.body).toContain('98.00 USD');
    expect(page.body).toContain('248.00 USD');
    expect(page.body.match(/<button[^>]*formaction="[^"]+\/(succeed|decline|pay-later)"/g)).toHaveLength(3);
    expect(page.body).toContain('href="https://shop.example/cart"');
  });

  it('holds no field that could take a card number', async () => {
    const session = await newSession();
    const { body } = await t.ctl.hostedPage(session.url as string);
    expect(body).not.toMatch(/<(input|textarea|select|iframe)\b/i);
    expect(body).not.toMatch(/contenteditable/i);
  });

  it('pays: answers 303 to success_url with the session id filled in, and moves session, PaymentIntent and charge', async () => {
    const session = await newSession();
    const press = await t.ctl.pressButton(session.url as string, 'succeed');
    expect(press).toEqual({ status: 303, location: `https://shop.example/checkout/return?session_id=${session.id}` });
    const { session: after, pi, charge } = await paymentOf(session.id);
    expect(after).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    expect(after.customer_details?.email).toBe('ada@example.com');
    expect(pi).toMatchObject({ status: 'succeeded', amount: 24800, amount_received: 24800, currency: 'usd' });
    expect(pi.id).toMatch(/^pi_/);
    expect(charge).toMatchObject({ status: 'succeeded', paid: true, captured: true, amount_captured: 24800, payment_intent: pi.id });
    expect(charge.id).toMatch(/^ch_/);
    expectSchema('payment_intent', { ...pi, latest_charge: charge.id });
    expectSchema('charge', charge);
  });

  it('declines: the session stays open for another try and the PaymentIntent records the decline', async () => {
    const session = await newSession();
    const press = await t.ctl.pressButton(session.url as string, 'decline');
    expect(press).toEqual({ status: 303, location: `/c/pay/${session.id}` });
    const { session: after, pi, charge } = await paymentOf(session.id);
    expect(after).toMatchObject({ status: 'open', payment_status: 'unpaid' });
    expect(pi).toMatchObject({ status: 'requires_payment_method', last_payment_error: { code: 'card_declined', decline_code: 'generic_decline' } });
    expect(charge).toMatchObject({ status: 'failed', paid: false, failure_code: 'card_declined' });
    expectSchema('charge', charge);
    expect((await t.ctl.hostedPage(session.url as string)).body).toContain('Your card was declined.');
    await t.ctl.pressButton(session.url as string, 'succeed');
    const retried = await paymentOf(session.id);
    expect(retried.pi.id).toBe(pi.id);
    expect(retried.pi.status).toBe('succeeded');
    expect(retried.session.payment_status).toBe('paid');
  });

  it('pays by bank later: completes unpaid and processing, then settles as paid', async () => {
    const session = await newSession();
    const press = await t.ctl.pressButton(session.url as string, 'pay-later');
    expect(press.location).toBe(`https://shop.example/checkout/return?session_id=${session.id}`);
    const pending = await paymentOf(session.id);
    expect(pending.session).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(pending.pi.status).toBe('processing');
    expect(pending.charge.status).toBe('pending');
    expectSchema('charge', pending.charge);
    await t.ctl.settle(session.id, 'succeed');
    const settled = await paymentOf(session.id);
    expect(settled.session.payment_status).toBe('paid');
    expect(settled.pi.status).toBe('succeeded');
    expect(settled.charge).toMatchObject({ status: 'succeeded', paid: true });
  });

  it('pays by bank later: a failed debit leaves the session unpaid', async () => {
    const session = await newSession();
    await t.ctl.pay(session.id, 'async_fail');
    const { session: after, pi, charge } = await paymentOf(session.id);
    expect(after).toMatchObject({ status: 'complete', payment_status: 'unpaid' });
    expect(pi.status).toBe('requires_payment_method');
    expect(charge.status).toBe('failed');
  });

  it('settles a processing bank payment by itself after asyncSettleMs', async () => {
    const quick = await startTestSandbox({ asyncSettleMs: 200 });
    try {
      const session = await quick.stripe.checkout.sessions.create(paymentSessionParams());
      await quick.ctl.pressButton(session.url as string, 'pay-later');
      const deadline = Date.now() + 10_000;
      let status = (await quick.stripe.checkout.sessions.retrieve(session.id)).payment_status;
      while (status !== 'paid' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await quick.stripe.checkout.sessions.retrieve(session.id)).payment_status;
      }
      expect(status).toBe('paid');
    } finally {
      await quick.close();
    }
  });

  it('cannot be paid once the session is over', async () => {
    const session = await newSession();
    await t.stripe.checkout.sessions.expire(session.id);
    const press = await t.ctl.pressButton(session.url as string, 'succeed');
    expect(press).toEqual({ status: 303, location: `/c/pay/${session.id}` });
    expect((await t.ctl.hostedPage(session.url as string)).body).toContain('expired');
    await expect(t.ctl.pay(session.id, 'succeed')).rejects.toThrow(/no longer open/);
    expect((await t.stripe.checkout.sessions.retrieve(session.id)).payment_intent).toBeNull();
  });
});
