/** One call to /v1: latency and injected faults first (the network's part), then what Stripe does:
 * authentication, routing, parameter parsing, idempotency, the handler, the answer. */
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from './context';
import { authenticationError, invalidRequest, StripeError, unrecognizedUrl } from './errors';
import type { Faults, FaultSpec } from './faults';
import { expireDueSessions } from './flows/expire';
import { canonical, decodeSegment, parseForm } from './form';
import type { IdempotencyKeys } from './idempotency';
import { newId } from './ids';
import { Params } from './params';
import { checkoutSessionRoutes } from './routes/checkout-sessions';
import { chargeAndDisputeRoutes } from './routes/charges-disputes';
import { eventRoutes } from './routes/events';
import { paymentIntentRoutes } from './routes/payment-intents';
import { refundRoutes } from './routes/refunds';
import type { Route } from './routes/types';

export interface ApiEnv {
  ctx: Context;
  faults: Faults;
  keys: IdempotencyKeys;
  secretKey: string;
}

export interface ApiCall {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Reply = { status: number; body: string; headers: Record<string, string> } | { hang: true };

const ROUTES: Route[] = [...checkoutSessionRoutes, ...paymentIntentRoutes, ...refundRoutes, ...chargeAndDisputeRoutes, ...eventRoutes];

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function authenticate(headers: IncomingHttpHeaders, secretKey: string): void {
  const auth = header(headers, 'authorization') ?? '';
  const [scheme, credential = ''] = auth.split(' ', 2);
  // Stripe takes the key as a Bearer token or as the Basic auth user name.
  const key = scheme === 'Bearer' ? credential : scheme === 'Basic' ? Buffer.from(credential, 'base64').toString().split(':')[0] : undefined;
  if (key !== secretKey) throw authenticationError(key || undefined);
}

function faultReply(fault: FaultSpec, headers: Record<string, string>): Reply {
  if (fault.kind === 'timeout') return { hang: true };
  const error =
    fault.kind === '429'
      ? {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests. (injected by the sandbox)',
        }
      : { type: 'api_error', message: 'An unknown error occurred. (injected by the sandbox)' };
  return { status: Number(fault.kind), body: JSON.stringify({ error }), headers };
}

function execute(env: ApiEnv, call: ApiCall, requestId: string, headers: Record<string, string>): Reply {
  authenticate(call.headers, env.secretKey);
  const route = ROUTES.find((r) => r.method === call.method && r.pattern.test(call.path));
  if (!route) throw unrecognizedUrl(call.method, call.path);
  const contentType = header(call.headers, 'content-type') ?? '';
  if (call.method === 'POST' && call.body.length > 0 && !contentType.startsWith('application/x-www-form-urlencoded')) {
    throw invalidRequest(`Invalid request: unsupported Content-Type ${contentType}. Stripe expects application/x-www-form-urlencoded.`);
  }
  const form = parseForm(call.method === 'POST' ? call.body : call.query);
  const key = call.method === 'POST' ? header(call.headers, 'idempotency-key') : undefined;
  const fingerprint = `${call.method} ${call.path} ${canonical(form)}`;
  const saved = key ? env.keys.lookup(key, fingerprint) : undefined;
  if (saved) {
    return { status: saved.status, body: saved.body, headers: { ...headers, 'Idempotent-Replayed': 'true', 'Original-Request': saved.requestId } };
  }
  expireDueSessions(env.ctx);
  const ids = (route.pattern.exec(call.path) ?? []).slice(1).map(decodeSegment);
  const result = route.handler(env.ctx, { params: new Params(form), ids, info: { id: requestId, idempotency_key: key ?? null } });
  const body = JSON.stringify(result, null, 2);
  if (key) env.keys.save(key, fingerprint, { status: 200, body, requestId });
  return { status: 200, body, headers };
}

/** `gone` aborts when the client has gone away (or the sandbox closes): added latency stops there. */
export async function handleApiCall(env: ApiEnv, call: ApiCall, gone: AbortSignal): Promise<Reply> {
  const requestId = newId('req', 14);
  const key = header(call.headers, 'idempotency-key');
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Request-Id': requestId,
    'Stripe-Version': header(call.headers, 'stripe-version') ?? env.ctx.apiVersion,
    ...(key && call.method === 'POST' ? { 'Idempotency-Key': key } : {}),
  };
  if (env.faults.latencyMs > 0) {
    const waited = await sleep(env.faults.latencyMs, true, { signal: gone }).catch(() => false);
    if (!waited) return { hang: true };
  }
  const fault = env.faults.take(call.method, call.path);
  if (fault && !fault.after) return faultReply(fault, headers);
  let reply: Reply;
  try {
    reply = execute(env, call, requestId, headers);
  } catch (err) {
    if (!(err instanceof StripeError)) throw err;
    reply = { status: err.status, body: JSON.stringify(err.toJSON(), null, 2), headers: { ...headers, ...err.headers } };
  }
  return fault ? faultReply(fault, headers) : reply;
}
