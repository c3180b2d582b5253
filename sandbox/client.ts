/** Drives the sandbox's /_sandbox/ controls over HTTPS (trusting its CA), for tests and scripts:
 * `await controls(sb).pay(session.id, 'succeed')`. */
import https from 'node:https';
import type Stripe from 'stripe';
import type { Sandbox } from './index';
import type { DeliveryRecord, ReleaseOrder } from './webhooks/delivery';

export type PayOutcome = 'succeed' | 'decline' | 'async' | 'async_succeed' | 'async_fail';
export type FaultKind = '500' | '429' | 'timeout';
export type HostedButton = 'succeed' | 'decline' | 'pay-later';

export interface FaultOptions {
  /** Only calls whose path starts with this, e.g. `/v1/refunds`. */
  path?: string;
  method?: string;
  /** The call takes effect, then its answer is lost. */
  after?: boolean;
}

interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Target = Pick<Sandbox, 'url' | 'caPem' | 'secretKey'>;

function request(sb: Target, method: string, path: string, body?: unknown, auth = true): Promise<HttpAnswer> {
  const payload = body === undefined ? '' : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, sb.url), {
      method,
      ca: sb.caPem,
      headers: { ...(auth ? { Authorization: `Bearer ${sb.secretKey}` } : {}), 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.end(payload);
  });
}

async function call<T>(sb: Target, method: string, path: string, body?: unknown): Promise<T> {
  const answer = await request(sb, method, path, body);
  if (answer.status >= 300) throw new Error(`sandbox control ${method} ${path} answered ${answer.status}: ${answer.body}`);
  return JSON.parse(answer.body) as T;
}

export function controls(sb: Target) {
  const sessionPath = (id: string) => `/_sandbox/checkout/sessions/${encodeURIComponent(id)}`;
  return {
    /** Pays as the shopper would on the hosted page; `async` leaves a bank payment processing. */
    pay: (sessionId: string, outcome: PayOutcome) =>
      call<{ session: Stripe.Checkout.Session; redirect_url: string | null }>(sb, 'POST', `${sessionPath(sessionId)}/pay`, { outcome }),
    /** Settles (or fails) a bank payment left processing by `pay(id, 'async')`. */
    settle: (sessionId: string, outcome: 'succeed' | 'fail') => call<{ session: Stripe.Checkout.Session }>(sb, 'POST', `${sessionPath(sessionId)}/settle`, { outcome }),
    /** Moves the sandbox clock to the session's `expires_at`: it expires by time. */
    expireByTime: (sessionId: string) => call<{ session: Stripe.Checkout.Session; now: number }>(sb, 'POST', `${sessionPath(sessionId)}/expire-by-time`, {}),
    /** Opens a chargeback on a PaymentIntent (`pi_...`) or a charge (`ch_...`). */
    dispute: (paymentIntentOrCharge: string, opts: { amount?: number; reason?: string } = {}) =>
      call<Stripe.Dispute>(sb, 'POST', '/_sandbox/disputes', {
        [paymentIntentOrCharge.startsWith('ch_') ? 'charge' : 'payment_intent']: paymentIntentOrCharge,
        ...opts,
      }),
    /** The bank decides the chargeback: `charge.dispute.closed` with status `won` or `lost`. */
    closeDispute: (disputeId: string, outcome: 'won' | 'lost') => call<Stripe.Dispute>(sb, 'POST', `/_sandbox/disputes/${encodeURIComponent(disputeId)}/close`, { outcome }),
    redeliver: (eventId: string, opts: { times?: number; delayMs?: number } = {}) =>
      call<{ event: string; times: number; delay_ms: number }>(sb, 'POST', `/_sandbox/events/${encodeURIComponent(eventId)}/redeliver`, {
        times: opts.times ?? 1,
        delay_ms: opts.delayMs ?? 0,
      }),
    pauseDeliveries: () => call<{ paused: true }>(sb, 'POST', '/_sandbox/webhooks/pause', {}),
    /** Sends the events held since the pause, one after another, in this order. */
    resumeDeliveries: (order: ReleaseOrder = 'original') => call<{ delivered: string[] }>(sb, 'POST', '/_sandbox/webhooks/resume', { order }),
    deliveries: async (filter: { eventId?: string; type?: string } = {}) => {
      const query = new URLSearchParams({ ...(filter.eventId ? { event_id: filter.eventId } : {}), ...(filter.type ? { type: filter.type } : {}) });
      return (await call<{ data: DeliveryRecord[] }>(sb, 'GET', `/_sandbox/deliveries?${query.toString()}`)).data;
    },
    setWebhookUrl: (url: string | null) => call<{ url: string | null }>(sb, 'PUT', '/_sandbox/webhook-endpoint', { url }),
    failNext: (count: number, kind: FaultKind, opts: FaultOptions = {}) => call<unknown>(sb, 'POST', '/_sandbox/faults', { count, kind, ...opts }),
    /** Removes pending faults and the added latency. */
    clearFaults: () => call<unknown>(sb, 'DELETE', '/_sandbox/faults'),
    latency: (ms: number) => call<{ latency_ms: number }>(sb, 'PUT', '/_sandbox/latency', { ms }),
    advanceClock: async (seconds: number) => (await call<{ now: number }>(sb, 'POST', '/_sandbox/clock/advance', { seconds })).now,
    now: async () => (await call<{ now: number }>(sb, 'GET', '/_sandbox/clock')).now,
    /** Fetches a hosted payment page as a browser would (no credentials). */
    hostedPage: (sessionUrl: string) => request({ ...sb, url: sessionUrl }, 'GET', sessionUrl, undefined, false),
    /** Presses one of the hosted page's buttons; the answer is the page's 303 (see `location`). */
    pressButton: async (sessionUrl: string, button: HostedButton) => {
      const answer = await request({ ...sb, url: sessionUrl }, 'POST', `${new URL(sessionUrl).pathname}/${button}`, undefined, false);
      return { status: answer.status, location: answer.headers.location as string | undefined };
    },
  };
}

export type SandboxControls = ReturnType<typeof controls>;
