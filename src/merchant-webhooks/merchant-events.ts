import { randomUUID } from 'node:crypto';
import { enqueue } from '../jobs';
import { insertEventWithDeliveries } from './deliveries.repository';
import type { Tx } from '../database';

export const ORDER_EVENT_TYPES = ['order.paid', 'order.refunded', 'order.cancelled', 'order.expired'] as const;
/** Recorded by fulfilment (licences, tickets, attendees) through recordMerchantEvent. */
export const FULFILMENT_EVENT_TYPES = ['licence.issued', 'ticket.checked_in', 'attendee.changed'] as const;
export const MERCHANT_EVENT_TYPES = [...ORDER_EVENT_TYPES, ...FULFILMENT_EVENT_TYPES] as const;
export type MerchantEventType = (typeof MERCHANT_EVENT_TYPES)[number];

export const DELIVER_JOB = 'merchant-webhook.deliver';
/** With the worker's backoff (2 s doubling to an hour) about a day of attempts, as the spec advises. */
export const DELIVER_MAX_ATTEMPTS = 30;

export interface MerchantEvent {
  type: MerchantEventType;
  /** The event's `data`: ids, numbers, statuses and amounts; personal data only where the event is
   * about a person and the merchant's system needs it. */
  data: Record<string, unknown>;
  /** Makes the event happen once however often this runs (`order.paid:<order id>`); omitted, the
   * caller's transaction is the only guard. */
  key?: string;
}

/**
 * Records an event in the caller's transaction, with one delivery (and its job) for every active
 * endpoint that asked for its type: sent if and only if the change it reports commits, once per
 * event and endpoint. Returns the event id (`webhook-id`), or undefined when the key was seen.
 */
export async function recordMerchantEvent(tx: Tx, event: MerchantEvent): Promise<string | undefined> {
  const recorded = await insertEventWithDeliveries(tx, { id: `msg_${randomUUID().replaceAll('-', '')}`, type: event.type, dedupeKey: event.key ?? null, data: event.data });
  if (!recorded) return undefined;
  for (const deliveryId of recorded.deliveryIds) await queueDelivery(tx, deliveryId, 0);
  return recorded.eventId;
}

export async function queueDelivery(tx: Tx, deliveryId: number, round: number): Promise<void> {
  await enqueue(tx, DELIVER_JOB, { deliveryId }, { dedupeKey: `${DELIVER_JOB}:${deliveryId}:${round}`, maxAttempts: DELIVER_MAX_ATTEMPTS });
}

/** What order events need of an order: declared here so this folder needs nothing of orders. */
export interface OrderFacts {
  id: string;
  number: string;
  status: string;
  payment_method: string;
  currency: string;
  subtotal: number;
  tax: number;
  total: number;
  amount_paid: number;
  amount_refunded: number;
}

/** An order event: the order's id, number, status and amounts, no customer (the merchant's system
 * looks the order up by number if it needs more). Once per order for paid, cancelled and expired;
 * once per refunded total for refunds (a second partial refund is a second event). */
export async function recordOrderEvent(tx: Tx, type: (typeof ORDER_EVENT_TYPES)[number], o: OrderFacts): Promise<void> {
  const data = {
    order_id: o.id,
    order_number: o.number,
    status: o.status,
    payment_method: o.payment_method,
    currency: o.currency,
    subtotal: o.subtotal,
    tax: o.tax,
    total: o.total,
    amount_paid: o.amount_paid,
    amount_refunded: o.amount_refunded,
  };
  const key = type === 'order.refunded' ? `${type}:${o.id}:${o.amount_refunded}` : `${type}:${o.id}`;
  await recordMerchantEvent(tx, { type, data, key });
}
