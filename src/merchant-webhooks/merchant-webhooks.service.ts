import { randomBytes } from 'node:crypto';
import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import { conflict, notFound } from '../shared/errors';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import { checkOutboundUrlAtSave } from '../shared/http/outbound-url';
import { findAttempts, listDeliveries, lockDelivery, reopenDelivery, type DeliveryLogRow } from './deliveries.repository';
import { deleteEndpoint, findEndpoint, insertEndpoint, listEndpoints, lockEndpoint, updateEndpoint } from './endpoints.repository';
import { queueDelivery } from './merchant-events';
import type { AttemptRow, EndpointRow } from './merchant-webhooks.table';
import type { CreateEndpointInput, DeliveryView, EndpointView, RedeliverAnswer, UpdateEndpointInput } from './merchant-webhooks.schemas';
import type { Db } from '../database';

export interface MerchantWebhookDeps {
  db: Db;
  outbound: OutboundPolicy;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function toEndpointView(e: EndpointRow): EndpointView {
  return { id: e.id, url: e.url, event_types: e.event_types, active: e.active, created_at: iso(e.created_at)!, updated_at: iso(e.updated_at)! };
}

/** What the audit log keeps of an endpoint: never its secret. */
const audited = (e: EndpointRow) => ({ url: e.url, event_types: e.event_types, active: e.active });

/** A Standard Webhooks secret: `whsec_` and 32 random bytes in base64. */
const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export const getEndpoints = async (db: Db) => (await listEndpoints(db)).map(toEndpointView);

export async function createEndpoint({ db, outbound }: MerchantWebhookDeps, actor: string, input: CreateEndpointInput): Promise<EndpointView & { secret: string }> {
  await checkOutboundUrlAtSave(outbound, input.url, 'url');
  return retryingTransaction(db, async (tx) => {
    const endpoint = await insertEndpoint(tx, { url: input.url, eventTypes: input.event_types, active: input.active, secret: newSecret() });
    await audit(tx, { actor, action: 'merchant_webhook.created', subjectType: 'merchant_webhook', subjectId: endpoint.id, after: audited(endpoint) });
    return { ...toEndpointView(endpoint), secret: endpoint.secret };
  });
}

export async function changeEndpoint({ db, outbound }: MerchantWebhookDeps, actor: string, id: string, input: UpdateEndpointInput): Promise<EndpointView> {
  if (input.url !== undefined) await checkOutboundUrlAtSave(outbound, input.url, 'url');
  return retryingTransaction(db, async (tx) => {
    const before = await lockEndpoint(tx, id);
    if (!before) throw notFound('No such webhook endpoint.');
    const after = await updateEndpoint(tx, id, { ...input, ...(input.event_types ? { eventTypes: input.event_types } : {}) });
    await audit(tx, { actor, action: 'merchant_webhook.updated', subjectType: 'merchant_webhook', subjectId: id, before: audited(before), after: audited(after) });
    return toEndpointView(after);
  });
}

/** The endpoint goes with its delivery log; jobs still queued for it find nothing and send nothing. */
export async function removeEndpoint(db: Db, actor: string, id: string): Promise<void> {
  await retryingTransaction(db, async (tx) => {
    const before = await lockEndpoint(tx, id);
    if (!before) throw notFound('No such webhook endpoint.');
    await deleteEndpoint(tx, id);
    await audit(tx, { actor, action: 'merchant_webhook.deleted', subjectType: 'merchant_webhook', subjectId: id, before: audited(before) });
  });
}

export async function getDeliveries(db: Db, endpointId: string, page: { limit: number; cursor?: string | undefined }) {
  if (!(await findEndpoint(db, endpointId))) throw notFound('No such webhook endpoint.');
  const rows = await listDeliveries(db, endpointId, { limit: page.limit + 1, ...(page.cursor ? { beforeId: Number(page.cursor) } : {}) });
  const shown = rows.slice(0, page.limit);
  const attempts = await findAttempts(
    db,
    shown.map((d) => d.id),
  );
  return { deliveries: shown.map((d) => toDeliveryView(d, attempts)), next_cursor: rows.length > page.limit ? String(shown[shown.length - 1]!.id) : null };
}

function toDeliveryView(d: DeliveryLogRow, attempts: AttemptRow[]): DeliveryView {
  return {
    id: d.id,
    event_id: d.event_id,
    event_type: d.event_type,
    status: d.status,
    attempts: attempts.filter((a) => a.delivery_id === d.id).map((a) => ({ at: iso(a.at)!, status_code: a.status_code, error: a.error })),
    redeliveries: d.redeliveries,
    created_at: iso(d.created_at)!,
    delivered_at: iso(d.delivered_at),
  };
}

/** Sends a delivery again, same event id and body (receivers dedupe on `webhook-id`), with a fresh
 * round of retries. One still pending is already being tried: 409, so one delivery never has two
 * rounds running. */
export async function redeliver(db: Db, actor: string, endpointId: string, deliveryId: number): Promise<RedeliverAnswer> {
  return retryingTransaction(db, async (tx) => {
    const delivery = await lockDelivery(tx, endpointId, deliveryId);
    if (!delivery) throw notFound('No such delivery for this endpoint.');
    if (delivery.status === 'pending') throw conflict('delivery_pending', 'This delivery is still being attempted; redeliver once it has succeeded or failed.');
    const round = await reopenDelivery(tx, deliveryId);
    await queueDelivery(tx, deliveryId, round);
    await audit(tx, { actor, action: 'merchant_webhook.redelivered', subjectType: 'merchant_webhook', subjectId: endpointId, detail: { delivery_id: deliveryId } });
    return { id: deliveryId, status: 'pending' as const, redeliveries: round };
  });
}
