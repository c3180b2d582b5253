import https from 'node:https';
import Stripe from 'stripe';
import { startSandbox, stripeClientOptions } from '../../sandbox/index';
import { expectConforms, schemaErrors } from './openapi';
import { paymentSessionParams, startTestSandbox, type TestSandbox, wire } from './helpers';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(() => t.close());

/** Stripe's error body, as the SDK received it, conforms to the spec's `error` schema. */
function expectStripeErrorBody(err: unknown) {
  const raw = (err as { raw: Record<string, unknown> }).raw;
  const { type, message, code, param } = raw;
  expectConforms(schemaErrors('error', wire({ error: { type, message, code, param } })));
}

async function failure(promise: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  try {
    await promise;
  } catch (err) {
    expectStripeErrorBody(err);
    return err as Stripe.errors.StripeError;
  }
  throw new Error('expected the call to fail');
}

describe('TLS', () => {
  it('serves verified HTTPS: a client without the sandbox CA refuses the certificate', async () => {
    await expect(fetch(`${t.sb.url}/v1/events`)).rejects.toThrow();
    const strict = new Stripe(t.sb.secretKey, { ...stripeClientOptions(t.sb), httpAgent: new https.Agent(), maxNetworkRetries: 0 });
    await expect(strict.events.list()).rejects.toMatchObject({ type: 'StripeConnectionError' });
  });

  it('keeps its CA and keys in the data dir across restarts', async () => {
    const again = await startSandbox({ dataDir: (t.sb.caPath.match(/^(.*)\/sandbox\/ca\.pem$/) as RegExpMatchArray)[1] as string });
    try {
      expect(again.caPem).toBe(t.sb.caPem);
      expect(again.secretKey).toBe(t.sb.secretKey);
      expect(again.webhookSecret).toBe(t.sb.webhookSecret);
      expect(again.secretKey).toMatch(/^sk_test_/);
      expect(again.webhookSecret).toMatch(/^whsec_/);
      const stripe = new Stripe(again.secretKey, stripeClientOptions(again));
      await expect(stripe.events.list()).resolves.toMatchObject({ object: 'list' });
    } finally {
      await again.close();
    }
  });
});

describe('errors as Stripe answers them', () => {
  it('answers 401 without a key or with a wrong one', async () => {
    const wrong = await failure(t.client().events.list({}, { apiKey: 'sk_test_not_the_sandbox_key' }));
    expect(wrong).toMatchObject({ type: 'StripeAuthenticationError', statusCode: 401 });
    expect(wrong.message).toMatch(/^Invalid API Key provided: sk_test_\*+_key$/);
    const res = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      https
        .get(`${t.sb.url}/v1/events`, { ca: t.sb.caPem }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode, body }));
        })
        .on('error', reject);
    });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringMatching(/did not provide an API key/) });
  });

  it('answers 404 resource_missing for unknown ids, naming the param', async () => {
    const missing = await failure(t.stripe.checkout.sessions.retrieve('cs_test_nope'));
    expect(missing).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'session', message: "No such checkout.session: 'cs_test_nope'" });
    for (const call of [
      t.stripe.paymentIntents.retrieve('pi_nope'),
      t.stripe.charges.retrieve('ch_nope'),
      t.stripe.disputes.retrieve('du_nope'),
      t.stripe.events.retrieve('evt_nope'),
    ]) {
      expect(await failure(call)).toMatchObject({ statusCode: 404, code: 'resource_missing' });
    }
  });

  it('answers 400 invalid_request_error with the param for missing or malformed parameters', async () => {
    const cases: Array<[Stripe.Checkout.SessionCreateParams, string]> = [
      [{ ...paymentSessionParams(), mode: undefined }, 'mode'],
      [paymentSessionParams({ line_items: [{ price_data: { currency: 'usd', product_data: { name: 'x' }, unit_amount: 500 } }] }), 'line_items[0][quantity]'],
      [
        paymentSessionParams({ line_items: [{ price_data: { currency: 'zzz', product_data: { name: 'x' }, unit_amount: 500 }, quantity: 1 }] }),
        'line_items[0][price_data][currency]',
      ],
      [paymentSessionParams({ line_items: [{ price_data: { currency: 'usd', product_data: { name: 'x' }, unit_amount: 10 }, quantity: 1 }] }), 'line_items'],
      [paymentSessionParams({ success_url: 'not a url' }), 'success_url'],
      [paymentSessionParams({ customer_email: 'nobody' }), 'customer_email'],
      [{ ...paymentSessionParams(), colour: 'blue' } as Stripe.Checkout.SessionCreateParams, 'colour'],
    ];
    for (const [params, param] of cases) {
      const err = await failure(t.stripe.checkout.sessions.create(params));
      expect(err).toMatchObject({ type: 'StripeInvalidRequestError', statusCode: 400, param });
    }
  });

  it('answers 400 naming the param when two parameters that exclude each other are sent together', async () => {
    const cases: Array<[Promise<unknown>, string]> = [
      [t.stripe.events.list({ starting_after: 'evt_a', ending_before: 'evt_b' }), 'ending_before'],
      [t.stripe.events.list({ type: 'charge.refunded', types: ['charge.refunded'] }), 'types'],
      [t.stripe.refunds.create({ charge: 'ch_a', payment_intent: 'pi_a' }), 'payment_intent'],
      [
        t.stripe.paymentIntents.create({
          amount: 500,
          currency: 'usd',
          payment_method_types: ['card'],
          automatic_payment_methods: { enabled: true },
        } as Stripe.PaymentIntentCreateParams),
        'automatic_payment_methods',
      ],
    ];
    for (const [call, param] of cases) {
      expect(await failure(call)).toMatchObject({
        statusCode: 400,
        type: 'StripeInvalidRequestError',
        param,
        message: expect.stringMatching(/^You may only specify one of these parameters: /),
      });
    }
  });

  it('answers 404 for an unknown URL', async () => {
    const err = await failure(t.stripe.rawRequest('GET', '/v1/customers_of_mars', {}));
    expect(err).toMatchObject({ statusCode: 404, message: expect.stringMatching(/^Unrecognized request URL \(GET: \/v1\/customers_of_mars\)/) });
  });

  it('answers 400, not 500, for a malformed id in the path', async () => {
    const err = await failure(t.stripe.rawRequest('GET', '/v1/charges/%E0%A4%A', {}));
    expect(err).toMatchObject({ statusCode: 400, type: 'StripeInvalidRequestError' });
  });

  it('refuses JSON bodies: the API takes form-encoded parameters', async () => {
    const res = await fetchWithCa(`${t.sb.url}/v1/refunds`, {
      method: 'POST',
      body: '{"charge":"ch_1"}',
      headers: { Authorization: `Bearer ${t.sb.secretKey}`, 'Content-Type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });
});

function fetchWithCa(url: string, init: { method: string; body: string; headers: Record<string, string> }): Promise<{ status?: number }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: init.method, headers: init.headers, ca: t.sb.caPem }, (r) => {
      r.resume();
      r.on('end', () => resolve({ status: r.statusCode }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}
