/** event, as Stripe records and sends it: a snapshot of the object at the time of the change, with
 * the previous values of the fields that changed. */
import type Stripe from 'stripe';
import { newId } from '../ids';

export interface EventInput {
  type: string;
  object: object;
  previousAttributes?: Record<string, unknown>;
  created: number;
  apiVersion: string;
  request: { id: string | null; idempotency_key: string | null };
}

export function buildEvent(input: EventInput): Stripe.Event {
  return {
    id: newId('evt', 24),
    object: 'event',
    api_version: input.apiVersion,
    created: input.created,
    data: {
      object: structuredClone(input.object),
      ...(input.previousAttributes ? { previous_attributes: structuredClone(input.previousAttributes) } : {}),
    },
    livemode: false,
    pending_webhooks: 0,
    request: input.request,
    type: input.type,
  } as Stripe.Event;
}
