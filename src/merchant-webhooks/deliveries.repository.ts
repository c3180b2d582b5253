import { sql } from 'kysely';
import { replaceMatches } from '../shared/db';
import type { AttemptRow, DeliveryRow, DeliveryStatus, EndpointRow, MerchantEventRow } from './merchant-webhooks.table';
import type { Db, Tx } from '../database';

/** The one writer of `merchant_events`, `merchant_webhook_deliveries` and `merchant_webhook_attempts`. */

/**
 * Records an event, unless one with its dedupe key exists, with one pending delivery for each
 * active endpoint subscribed to its type, in one statement (it runs inside every payment, refund
 * and cancellation). Undefined when the event was recorded before; else its id and the new
 * deliveries' ids.
 */
export async function insertEventWithDeliveries(
  tx: Tx,
  e: { id: string; type: string; dedupeKey: string | null; data: unknown },
): Promise<{ eventId: string; deliveryIds: number[] } | undefined> {
  const { rows } = await sql<{ event_id: string; delivery_id: number | null }>`
    with event as (
      insert into merchant_events (id, type, dedupe_key, data) values (${e.id}, ${e.type}, ${e.dedupeKey}, ${JSON.stringify(e.data)})
      on conflict on constraint merchant_events_dedupe_key do nothing
      returning id
    ), delivery as (
      insert into merchant_webhook_deliveries (event_id, endpoint_id)
      select event.id, endpoint.id from event join merchant_webhook_endpoints endpoint on endpoint.active and ${e.type} = any(endpoint.event_types)
      on conflict on constraint merchant_webhook_deliveries_once do nothing
      returning id
    )
    select event.id as event_id, delivery.id as delivery_id from event left join delivery on true order by delivery.id`.execute(tx);
  if (rows.length === 0) return undefined;
  return { eventId: rows[0]!.event_id, deliveryIds: rows.flatMap((r) => (r.delivery_id === null ? [] : [r.delivery_id])) };
}

export interface DeliveryToSend {
  delivery: DeliveryRow;
  event: MerchantEventRow;
  endpoint: EndpointRow;
}

export async function findDeliveryToSend(db: Db, id: number): Promise<DeliveryToSend | undefined> {
  const delivery = await db.selectFrom('merchant_webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!delivery) return undefined;
  const [event, endpoint] = await Promise.all([
    db.selectFrom('merchant_events').selectAll().where('id', '=', delivery.event_id).executeTakeFirstOrThrow(),
    db.selectFrom('merchant_webhook_endpoints').selectAll().where('id', '=', delivery.endpoint_id).executeTakeFirst(),
  ]);
  return endpoint ? { delivery, event, endpoint } : undefined;
}

/** Logs one attempt and what it left the delivery as, in one transaction. */
export async function recordAttempt(db: Db, deliveryId: number, a: { statusCode: number | null; error: string | null; status: DeliveryStatus }): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('merchant_webhook_attempts').values({ delivery_id: deliveryId, status_code: a.statusCode, error: a.error }).execute();
    await tx
      .updateTable('merchant_webhook_deliveries')
      .set((eb) => ({
        status: a.status,
        attempts: eb('attempts', '+', 1),
        last_status_code: a.statusCode,
        last_error: a.error,
        ...(a.status === 'succeeded' ? { delivered_at: new Date() } : {}),
      }))
      .where('id', '=', deliveryId)
      .execute();
  });
}

export async function lockDelivery(tx: Tx, endpointId: string, id: number): Promise<DeliveryRow | undefined> {
  return tx.selectFrom('merchant_webhook_deliveries').selectAll().where('id', '=', id).where('endpoint_id', '=', endpointId).forUpdate().executeTakeFirst();
}

/** Back to pending for another round of attempts; returns the round's number. */
export async function reopenDelivery(tx: Tx, id: number): Promise<number> {
  const row = await tx
    .updateTable('merchant_webhook_deliveries')
    .set((eb) => ({ status: 'pending', redeliveries: eb('redeliveries', '+', 1), delivered_at: null }))
    .where('id', '=', id)
    .returning('redeliveries')
    .executeTakeFirstOrThrow();
  return row.redeliveries;
}

export type DeliveryLogRow = DeliveryRow & { event_type: string };

/** An endpoint's deliveries, newest first, before `beforeId` (keyset on the identity column). */
export async function listDeliveries(db: Db, endpointId: string, page: { limit: number; beforeId?: number }): Promise<DeliveryLogRow[]> {
  let query = db
    .selectFrom('merchant_webhook_deliveries as d')
    .innerJoin('merchant_events as e', 'e.id', 'd.event_id')
    .selectAll('d')
    .select(sql<string>`e.type`.as('event_type'))
    .where('d.endpoint_id', '=', endpointId);
  if (page.beforeId !== undefined) query = query.where('d.id', '<', page.beforeId);
  return query.orderBy('d.id', 'desc').limit(page.limit).execute();
}

export async function findAttempts(db: Db, deliveryIds: number[]): Promise<AttemptRow[]> {
  if (deliveryIds.length === 0) return [];
  return db.selectFrom('merchant_webhook_attempts').selectAll().where('delivery_id', 'in', deliveryIds).orderBy('id').execute();
}

/** Every match of `pattern` in any event's data (read as JSON text, so the pattern must match
 * values as JSON writes them) becomes `tag`. Order events hold no personal data; this reaches
 * what a fulfilment event about a person (an attendee) may carry. Returns how many changed. */
export async function scrubEventData(tx: Tx, pattern: string, tag: string): Promise<number> {
  const data = sql<string>`data::text`;
  const result = await tx
    .updateTable('merchant_events')
    .set({ data: sql<string>`${replaceMatches(data, pattern, tag)}::jsonb` })
    .where(data, '~*', pattern)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
