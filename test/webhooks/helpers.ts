import { randomBytes } from 'node:crypto';
import request from 'supertest';
import type Stripe from 'stripe';
import type { TestApp } from '../helpers/app';

/** Events a test writes itself, signed as the processor signs them (or not): for what the sandbox
 * never sends on its own, such as an amount that differs from the order. */
export function craftEvent<T extends { id: string }>(type: string, object: T): Stripe.Event {
  return {
    id: `evt_test_${randomBytes(12).toString('hex')}`,
    object: 'event',
    api_version: '2025-01-01',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  } as unknown as Stripe.Event;
}

export interface PostOptions {
  /** Sign with this secret instead of the app's. */
  secret?: string;
  /** Unix seconds the signature claims. */
  timestamp?: number;
  /** Send no Stripe-Signature header at all. */
  unsigned?: boolean;
}

export function postEvent(t: TestApp, event: Stripe.Event | string, opts: PostOptions = {}) {
  const payload = typeof event === 'string' ? event : JSON.stringify(event);
  const req = request(t.baseUrl).post('/api/webhooks/stripe').set('Content-Type', 'application/json');
  if (!opts.unsigned) {
    const header = t.ctx.stripe.webhooks.generateTestHeaderString({
      payload,
      secret: opts.secret ?? t.ctx.webhookSecret,
      ...(opts.timestamp ? { timestamp: opts.timestamp } : {}),
    });
    req.set('Stripe-Signature', header);
  }
  return req.send(payload);
}

export async function inboxRows(t: TestApp) {
  return t.ctx.db.selectFrom('webhook_events').selectAll().execute();
}
