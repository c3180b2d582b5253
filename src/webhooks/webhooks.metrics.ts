import { businessCounter } from '../shared/business-metrics';
import type { WebhookOutcome } from './webhooks.service';

const webhookEvents = businessCounter(
  'webhook_events_total',
  'Processor webhook deliveries by event type and outcome: applied (recorded and handed to the order), duplicate (an event id seen before), ignored (a type that changes no order, or malformed), refused (signature missing, invalid or out of its time window)',
  ['type', 'outcome'],
);

/** The signed event, or the verification's refusal counted and passed on. */
export function countRefusals<T>(verify: () => T): T {
  try {
    return verify();
  } catch (err) {
    webhookEvents.inc({ type: 'unverified', outcome: 'refused' });
    throw err;
  }
}

/** The type is the processor's (it is signed), so its values stay few. */
export function countWebhook(event: unknown, outcome: WebhookOutcome): void {
  const type = (event as { type?: unknown } | null | undefined)?.type;
  const label = outcome === 'duplicate' || outcome === 'ignored' ? outcome : 'applied';
  webhookEvents.inc({ type: typeof type === 'string' ? type.slice(0, 100) : 'unreadable', outcome: label });
}
