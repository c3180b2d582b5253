/** Everything a request handler, the hosted page and the controls share in one running sandbox. */
import type Stripe from 'stripe';
import type { Clock } from './clock';
import { buildEvent } from './objects/event';
import type { Store } from './store';
import type { WebhookDelivery } from './webhooks/delivery';

/** Which API request caused a change; events carry it as `request`. Browser and control actions
 * have none, as dashboard actions have none at Stripe. */
export interface RequestInfo {
  id: string | null;
  idempotency_key: string | null;
}

export const NO_REQUEST: RequestInfo = { id: null, idempotency_key: null };

export interface Context {
  store: Store;
  clock: Clock;
  webhooks: WebhookDelivery;
  baseUrl: string;
  apiVersion: string;
  /** How long a "pay by bank later" payment made on the hosted page waits before it settles. */
  asyncSettleMs: number;
  timers: Set<NodeJS.Timeout>;
}

/** Records an event (a snapshot of `object`) and hands it to webhook delivery. */
export function emit(ctx: Context, type: string, object: object, request: RequestInfo, previousAttributes?: Record<string, unknown>): Stripe.Event {
  const event = buildEvent({ type, object, previousAttributes, created: ctx.clock.now(), apiVersion: ctx.apiVersion, request });
  ctx.store.events.set(event.id, event);
  ctx.webhooks.dispatch(event);
  return event;
}

/** A timer that `close()` clears. */
export function schedule(ctx: Context, delayMs: number, run: () => void): NodeJS.Timeout {
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    run();
  }, delayMs);
  ctx.timers.add(timer);
  return timer;
}
