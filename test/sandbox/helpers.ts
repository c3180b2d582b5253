/** Test plumbing for the sandbox tests: a sandbox in a fresh data dir with an SDK client that
 * trusts its CA, and a local HTTP webhook endpoint that records (and can refuse) deliveries. */
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { controls } from '../../sandbox/client';
import { type Sandbox, type SandboxOptions, startSandbox, stripeClientOptions } from '../../sandbox/index';
import { expectConforms, responseErrors, schemaErrors } from './openapi';

export interface TestSandbox {
  sb: Sandbox;
  stripe: Stripe;
  ctl: ReturnType<typeof controls>;
  /** A client with its own settings (e.g. no retries, a short timeout). */
  client(config?: Stripe.StripeConfig): Stripe;
  close(): Promise<void>;
}

export async function startTestSandbox(opts: Partial<SandboxOptions> = {}): Promise<TestSandbox> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sandbox-test-'));
  const sb = await startSandbox({ dataDir, ...opts });
  const client = (config: Stripe.StripeConfig = {}) => new Stripe(sb.secretKey, { ...stripeClientOptions(sb), ...config });
  return {
    sb,
    stripe: client(),
    ctl: controls(sb),
    client,
    close: async () => {
      await sb.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The object as it was on the wire (the SDK turns decimal strings into its Decimal type). */
export const wire = <T>(value: T): unknown => JSON.parse(JSON.stringify(value));

export const expectSchema = (name: string, value: unknown) => expectConforms(schemaErrors(name, wire(value)));
export const expectResponse = (method: string, path: string, value: unknown) => expectConforms(responseErrors(method, path, '200', wire(value)));

export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface WebhookEndpoint {
  url: string;
  received: ReceivedWebhook[];
  /** Answers each delivery with this status (default: 200), or never ('hang'). */
  respond: (delivery: ReceivedWebhook, index: number) => number | 'hang';
  waitFor(predicate: (received: ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startWebhookEndpoint(): Promise<WebhookEndpoint> {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<() => void> = [];
  const endpoint = {} as WebhookEndpoint;
  endpoint.respond = () => 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const delivery = { headers: req.headers, body };
      received.push(delivery);
      const answer = endpoint.respond(delivery, received.length - 1);
      if (answer !== 'hang') res.writeHead(answer).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  endpoint.received = received;
  endpoint.waitFor = async (predicate, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(received)) {
      if (Date.now() > deadline) throw new Error(`webhook endpoint: condition not met after ${timeoutMs} ms (${received.length} received)`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  };
  endpoint.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return endpoint;
}

/** The events a webhook endpoint received, parsed. */
export const eventsOf = (received: ReceivedWebhook[]): Stripe.Event[] => received.map((r) => JSON.parse(r.body) as Stripe.Event);

export const paymentSessionParams = (overrides: Partial<Stripe.Checkout.SessionCreateParams> = {}): Stripe.Checkout.SessionCreateParams => ({
  mode: 'payment',
  line_items: [
    { price_data: { currency: 'usd', product_data: { name: 'Handoff Pro licence' }, unit_amount: 4900 }, quantity: 2 },
    { price_data: { currency: 'usd', product_data: { name: 'Onboarding workshop', description: 'Half a day' }, unit_amount: 15000 }, quantity: 1 },
  ],
  success_url: 'https://shop.example/checkout/return?session_id={CHECKOUT_SESSION_ID}',
  cancel_url: 'https://shop.example/cart',
  client_reference_id: 'order_123',
  metadata: { order_id: 'order_123' },
  customer_email: 'ada@example.com',
  payment_intent_data: { metadata: { order_id: 'order_123' } },
  ...overrides,
});

/** Polls until `check` returns a value that `done` accepts (for state that settles asynchronously). */
export async function eventually<T>(check: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met after ${timeoutMs} ms: ${JSON.stringify(value).slice(0, 500)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
