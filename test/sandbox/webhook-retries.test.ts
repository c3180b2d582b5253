import Stripe from 'stripe';
import { eventually, paymentSessionParams, startTestSandbox, startWebhookEndpoint, type TestSandbox, type WebhookEndpoint } from './helpers';

let endpoint: WebhookEndpoint;
beforeAll(async () => {
  endpoint = await startWebhookEndpoint();
});
afterAll(() => endpoint.close());

async function completedEventOf(t: TestSandbox): Promise<Stripe.Event> {
  const session = await t.stripe.checkout.sessions.create(paymentSessionParams());
  await t.ctl.pauseDeliveries();
  await t.ctl.pay(session.id, 'succeed');
  const [event] = (await t.stripe.events.list({ type: 'checkout.session.completed', limit: 1 })).data;
  return event as Stripe.Event;
}

describe('webhook retries', () => {
  it('an endpoint that fails twice (a 500, then a timeout) receives the event a third time, and every attempt is logged', async () => {
    const t = await startTestSandbox({ webhookUrl: endpoint.url, webhookTimeoutMs: 500 });
    try {
      const event = await completedEventOf(t);
      let attempts = 0;
      endpoint.respond = (delivery) => {
        if ((JSON.parse(delivery.body) as Stripe.Event).id !== event.id) return 200;
        attempts += 1;
        return attempts === 1 ? 500 : attempts === 2 ? 'hang' : 200;
      };
      await t.ctl.resumeDeliveries();
      const ofEvent = () => endpoint.received.filter((r) => (JSON.parse(r.body) as Stripe.Event).id === event.id);
      await endpoint.waitFor(() => ofEvent().length === 3);
      for (const r of ofEvent()) expect(Stripe.webhooks.constructEvent(r.body, r.headers['stripe-signature'] as string, t.sb.webhookSecret).id).toBe(event.id);
      const log = await eventually(
        () => t.ctl.deliveries({ eventId: event.id }),
        (l) => l.length === 3,
      );
      expect(log.map((d) => [d.kind, d.attempt, d.status, d.succeeded])).toEqual([
        ['automatic', 1, 500, false],
        ['retry', 2, null, false],
        ['retry', 3, 200, true],
      ]);
      expect(log[1]?.error).toMatch(/timed out/);
      expect(log[2]?.next_retry_at).toBeNull();
      expect((await t.stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
    } finally {
      await t.close();
    }
  });

  it('gives up after the last retry', async () => {
    const t = await startTestSandbox({ webhookUrl: endpoint.url, webhookRetryDelaysMs: [50, 50] });
    try {
      const event = await completedEventOf(t);
      endpoint.respond = (delivery) => ((JSON.parse(delivery.body) as Stripe.Event).id === event.id ? 503 : 200);
      await t.ctl.resumeDeliveries();
      const log = await eventually(
        () => t.ctl.deliveries({ eventId: event.id }),
        (l) => l.length === 3,
      );
      expect(log.map((d) => d.status)).toEqual([503, 503, 503]);
      expect(log[2]?.next_retry_at).toBeNull();
      expect((await t.stripe.events.retrieve(event.id)).pending_webhooks).toBe(0);
    } finally {
      await t.close();
    }
  });
});
