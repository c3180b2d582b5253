/** Delivers events to the one configured endpoint as Stripe does: signed, retried with growing
 * delays after a non-2xx answer or a timeout, a bounded number of times, and every attempt logged.
 * Tests can also hold deliveries and release them in another order, or send an event again. */
import { randomInt } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type Stripe from 'stripe';
import { newId } from '../ids';
import { postJson } from './post';
import { signatureHeader } from './signing';

export type DeliveryKind = 'automatic' | 'retry' | 'redelivery';

export interface DeliveryRecord {
  id: string;
  event_id: string;
  event_type: string;
  kind: DeliveryKind;
  attempt: number;
  url: string;
  started_at: number;
  duration_ms: number;
  status: number | null;
  error: string | null;
  response_body: string;
  succeeded: boolean;
  next_retry_at: number | null;
}

export interface DeliveryOptions {
  secret: string;
  /** Delay before each retry; its length bounds the retries. */
  retryDelaysMs: number[];
  timeoutMs: number;
  onDelivery?: (record: DeliveryRecord) => void;
}

export type ReleaseOrder = 'original' | 'reverse' | 'shuffle';

function shuffle<T>(items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

export class WebhookDelivery {
  url: string | undefined;
  readonly log: DeliveryRecord[] = [];
  private paused = false;
  private held: Stripe.Event[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly abort = new AbortController();

  constructor(private readonly opts: DeliveryOptions) {
    // Every in-flight delivery listens on this one signal (to be cut off by close()).
    setMaxListeners(0, this.abort.signal);
  }

  /** A new event: sent now, or held while deliveries are paused. No endpoint, no delivery. */
  dispatch(event: Stripe.Event): void {
    if (!this.url) return;
    event.pending_webhooks += 1;
    if (this.paused) this.held.push(event);
    else void this.deliver(event, this.url, 1);
  }

  pause(): void {
    this.paused = true;
  }

  /** Sends the held events one after another (each first attempt awaited) in the order asked. */
  async resume(order: ReleaseOrder = 'original'): Promise<string[]> {
    this.paused = false;
    const events = this.held.splice(0);
    if (order === 'reverse') events.reverse();
    if (order === 'shuffle') shuffle(events);
    for (const event of events) if (this.url) await this.deliver(event, this.url, 1);
    return events.map((e) => e.id);
  }

  /** Sends the event `times` times at once after `delayMs`, as single attempts (like Stripe's
   * "resend"), whether or not it was delivered before. */
  redeliver(event: Stripe.Event, times: number, delayMs: number): void {
    const url = this.url;
    if (!url) return;
    this.later(delayMs, () => {
      for (let i = 0; i < times; i++) void this.attempt(event, url, 'redelivery', 1);
    });
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.abort.abort();
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  private async deliver(event: Stripe.Event, url: string, attempt: number): Promise<void> {
    const record = await this.attempt(event, url, attempt === 1 ? 'automatic' : 'retry', attempt);
    if (record.succeeded || record.next_retry_at === null) {
      event.pending_webhooks = Math.max(0, event.pending_webhooks - 1);
      return;
    }
    this.later(Math.max(0, record.next_retry_at - Date.now()), () => void this.deliver(event, url, attempt + 1));
  }

  private async attempt(event: Stripe.Event, url: string, kind: DeliveryKind, attempt: number): Promise<DeliveryRecord> {
    const payload = JSON.stringify(event, null, 2);
    const headers = {
      'Content-Type': 'application/json; charset=utf-8',
      'User-Agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
      'Cache-Control': 'no-cache',
      'Stripe-Signature': signatureHeader(payload, this.opts.secret),
    };
    const startedAt = Date.now();
    const result = await postJson(url, payload, headers, this.opts.timeoutMs, this.abort.signal);
    const finishedAt = Date.now();
    const succeeded = result.status !== null && result.status >= 200 && result.status < 300;
    const delay = kind === 'redelivery' ? undefined : this.opts.retryDelaysMs[attempt - 1];
    const record: DeliveryRecord = {
      id: newId('whd', 20),
      event_id: event.id,
      event_type: event.type,
      kind,
      attempt,
      url,
      started_at: startedAt,
      duration_ms: finishedAt - startedAt,
      status: result.status,
      error: result.error,
      response_body: result.responseBody,
      succeeded,
      next_retry_at: succeeded || delay === undefined || this.abort.signal.aborted ? null : finishedAt + delay,
    };
    this.log.push(record);
    this.opts.onDelivery?.(record);
    return record;
  }
}
