import { paymentSessionParams, startTestSandbox, type TestSandbox } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());
afterEach(() => t.ctl.clearFaults());

// The SDK retries 5xx and dropped connections by itself; with no retries the raw failure shows.
const raw = () => t.client({ maxNetworkRetries: 0, timeout: 500 });

describe('injected failures and latency', () => {
  it('fails the next N calls with 500, then answers normally', async () => {
    await t.ctl.failNext(2, '500');
    const stripe = raw();
    await expect(stripe.events.list()).rejects.toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
    await expect(stripe.events.list()).rejects.toMatchObject({ type: 'StripeAPIError', statusCode: 500 });
    await expect(stripe.events.list()).resolves.toMatchObject({ object: 'list' });
  });

  it('fails with 429 rate_limit', async () => {
    await t.ctl.failNext(1, '429');
    await expect(raw().events.list()).rejects.toMatchObject({ type: 'StripeRateLimitError', statusCode: 429, code: 'rate_limit' });
  });

  it('makes a call time out: no answer comes back', async () => {
    await t.ctl.failNext(1, 'timeout');
    await expect(raw().events.list()).rejects.toMatchObject({ type: 'StripeConnectionError', message: expect.stringMatching(/timeout/) });
    await expect(raw().events.list()).resolves.toMatchObject({ object: 'list' });
  });

  it('the SDK, retrying with the same idempotency key, gets through a 500 without a second session', async () => {
    await t.ctl.failNext(1, '500', { path: '/v1/checkout/sessions' });
    const stripe = t.client({ maxNetworkRetries: 2 });
    const before = (await stripe.checkout.sessions.list({ limit: 100 })).data.length;
    const session = await stripe.checkout.sessions.create(paymentSessionParams());
    expect(session.status).toBe('open');
    expect((await stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(before + 1);
  });

  it('can lose the answer after the change happened; a retry with the same key replays it', async () => {
    await t.ctl.failNext(1, '500', { path: '/v1/checkout/sessions', method: 'POST', after: true });
    const stripe = raw();
    const before = (await stripe.checkout.sessions.list({ limit: 100 })).data.length;
    await expect(stripe.checkout.sessions.create(paymentSessionParams(), { idempotencyKey: 'lost-answer' })).rejects.toMatchObject({ statusCode: 500 });
    const retried = await stripe.checkout.sessions.create(paymentSessionParams(), { idempotencyKey: 'lost-answer' });
    expect(retried.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.checkout.sessions.list({ limit: 100 })).data.length).toBe(before + 1);
  });

  it('only fails calls on the path it was set for', async () => {
    await t.ctl.failNext(1, '500', { path: '/v1/refunds' });
    await expect(raw().events.list()).resolves.toMatchObject({ object: 'list' });
    await expect(raw().refunds.list()).rejects.toMatchObject({ statusCode: 500 });
  });

  it('adds latency to every call: longer than the client waits, the call times out; cleared, it answers', async () => {
    await t.ctl.latency(2000);
    await expect(raw().events.list()).rejects.toMatchObject({ type: 'StripeConnectionError' });
    await t.ctl.latency(0);
    await expect(raw().events.list()).resolves.toMatchObject({ object: 'list' });
  });
});
