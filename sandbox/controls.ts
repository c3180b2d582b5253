/** Test controls under /_sandbox/ (JSON, same secret key as the API), on the sandbox's own port
 * only: what a test needs to play the shopper, the bank and the network. See README.md. */
import { z } from 'zod';
import type { ApiEnv } from './api';
import { invalidRequest, StripeError } from './errors';
import { expireDueSessions } from './flows/expire';
import { closeDispute, openDispute } from './flows/dispute';
import { decodeSegment } from './form';
import { pay } from './flows/pay';
import { settle } from './flows/settle';
import { findSession } from './routes/checkout-sessions';
import { findEvent } from './routes/events';

export interface ControlEnv extends ApiEnv {
  setWebhookUrl(url: string | undefined): void;
}

type Handler = (env: ControlEnv, body: unknown, ids: string[], query: URLSearchParams) => unknown;

const PayBody = z.object({ outcome: z.enum(['succeed', 'decline', 'async', 'async_succeed', 'async_fail']) }).strict();
const SettleBody = z.object({ outcome: z.enum(['succeed', 'fail']) }).strict();
const DisputeBody = z
  .object({ payment_intent: z.string().optional(), charge: z.string().optional(), amount: z.number().int().positive().optional(), reason: z.string().optional() })
  .strict()
  .refine((b) => Boolean(b.payment_intent) !== Boolean(b.charge), 'give exactly one of payment_intent or charge');
const CloseDisputeBody = z.object({ outcome: z.enum(['won', 'lost']) }).strict();
const RedeliverBody = z.object({ times: z.number().int().min(1).max(50).default(1), delay_ms: z.number().int().min(0).max(600_000).default(0) }).strict();
const ResumeBody = z.object({ order: z.enum(['original', 'reverse', 'shuffle']).default('original') }).strict();
const EndpointBody = z.object({ url: z.url().nullable() }).strict();
const FaultBody = z
  .object({
    kind: z.enum(['500', '429', 'timeout']),
    count: z.number().int().min(1).max(10_000),
    path: z.string().optional(),
    method: z.string().optional(),
    after: z.boolean().optional(),
  })
  .strict();
const LatencyBody = z.object({ ms: z.number().int().min(0).max(120_000) }).strict();
const ClockBody = z.object({ seconds: z.number().int().min(0) }).strict();

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw invalidRequest(`Invalid control body: ${issue?.message ?? 'invalid'}`, issue?.path.join('.') || undefined);
}

function paySession(env: ControlEnv, body: unknown, [id]: string[]) {
  const { outcome } = parse(PayBody, body);
  const record = findSession(env.ctx, id as string);
  pay(env.ctx, record, outcome === 'succeed' || outcome === 'decline' ? outcome : 'bank_later');
  if (outcome === 'async_succeed' || outcome === 'async_fail') settle(env.ctx, record, outcome === 'async_succeed' ? 'succeed' : 'fail');
  const { success_url: successUrl, status } = record.session;
  const redirectUrl = status === 'complete' && successUrl ? successUrl.replace(/\{CHECKOUT_SESSION_ID\}/g, record.session.id) : null;
  return { session: record.session, redirect_url: redirectUrl };
}

function redeliver(env: ControlEnv, body: unknown, [id]: string[]) {
  const { times, delay_ms: delayMs } = parse(RedeliverBody, body);
  const event = findEvent(env.ctx, id as string);
  if (!env.ctx.webhooks.url) throw invalidRequest('No webhook endpoint is set; set one first.', 'url');
  env.ctx.webhooks.redeliver(event, times, delayMs);
  return { event: event.id, times, delay_ms: delayMs };
}

function deliveries(env: ControlEnv, _body: unknown, _ids: string[], query: URLSearchParams) {
  const eventId = query.get('event_id');
  const type = query.get('type');
  return { data: env.ctx.webhooks.log.filter((d) => (!eventId || d.event_id === eventId) && (!type || d.event_type === type)) };
}

function settleSession(env: ControlEnv, body: unknown, [id]: string[]) {
  const record = findSession(env.ctx, id as string);
  settle(env.ctx, record, parse(SettleBody, body).outcome);
  return { session: record.session };
}

/** Moves the clock to the session's `expires_at`, so it expires by time as it would by waiting. */
function expireByTime(env: ControlEnv, _body: unknown, [id]: string[]) {
  const { session: s } = findSession(env.ctx, id as string);
  env.ctx.clock.advance(Math.max(0, s.expires_at - env.ctx.clock.now()));
  expireDueSessions(env.ctx);
  return { session: s, now: env.ctx.clock.now() };
}

function advanceClock(env: ControlEnv, body: unknown) {
  env.ctx.clock.advance(parse(ClockBody, body).seconds);
  expireDueSessions(env.ctx);
  return { now: env.ctx.clock.now() };
}

const ROUTES: Array<[string, RegExp, Handler]> = [
  ['POST', /^\/_sandbox\/checkout\/sessions\/([^/]+)\/pay$/, paySession],
  ['POST', /^\/_sandbox\/checkout\/sessions\/([^/]+)\/settle$/, settleSession],
  ['POST', /^\/_sandbox\/checkout\/sessions\/([^/]+)\/expire-by-time$/, expireByTime],
  [
    'POST',
    /^\/_sandbox\/disputes$/,
    (env, body) => {
      const b = parse(DisputeBody, body);
      return openDispute(env.ctx, { charge: b.charge, paymentIntent: b.payment_intent, amount: b.amount, reason: b.reason });
    },
  ],
  ['POST', /^\/_sandbox\/disputes\/([^/]+)\/close$/, (env, body, [id]) => closeDispute(env.ctx, id as string, parse(CloseDisputeBody, body).outcome)],
  ['POST', /^\/_sandbox\/events\/([^/]+)\/redeliver$/, redeliver],
  ['POST', /^\/_sandbox\/webhooks\/pause$/, (env) => (env.ctx.webhooks.pause(), { paused: true })],
  ['POST', /^\/_sandbox\/webhooks\/resume$/, async (env, body) => ({ delivered: await env.ctx.webhooks.resume(parse(ResumeBody, body).order) })],
  ['GET', /^\/_sandbox\/webhook-endpoint$/, (env) => ({ url: env.ctx.webhooks.url ?? null })],
  ['PUT', /^\/_sandbox\/webhook-endpoint$/, (env, body) => (env.setWebhookUrl(parse(EndpointBody, body).url ?? undefined), { url: env.ctx.webhooks.url ?? null })],
  ['GET', /^\/_sandbox\/deliveries$/, deliveries],
  ['GET', /^\/_sandbox\/faults$/, (env) => ({ faults: env.faults.pending(), latency_ms: env.faults.latencyMs })],
  ['POST', /^\/_sandbox\/faults$/, (env, body) => (env.faults.add(parse(FaultBody, body)), { faults: env.faults.pending() })],
  ['DELETE', /^\/_sandbox\/faults$/, (env) => (env.faults.clear(), { faults: [], latency_ms: 0 })],
  ['PUT', /^\/_sandbox\/latency$/, (env, body) => ((env.faults.latencyMs = parse(LatencyBody, body).ms), { latency_ms: env.faults.latencyMs })],
  ['GET', /^\/_sandbox\/clock$/, (env) => ({ now: env.ctx.clock.now() })],
  ['POST', /^\/_sandbox\/clock\/advance$/, advanceClock],
];

/** Runs a control; answers `{status, body}` or undefined when no control has this path. */
export async function handleControl(env: ControlEnv, method: string, path: string, query: URLSearchParams, body: unknown): Promise<{ status: number; body: unknown } | undefined> {
  const route = ROUTES.find(([m, pattern]) => m === method && pattern.test(path));
  if (!route) return undefined;
  const ids = (route[1].exec(path) ?? []).slice(1).map(decodeSegment);
  try {
    return { status: 200, body: await route[2](env, body, ids, query) };
  } catch (err) {
    if (err instanceof StripeError) return { status: err.status, body: err.toJSON() };
    throw err;
  }
}
