import type { EndpointRow } from './merchant-webhooks.table';
import type { Db, Tx } from '../database';

/** The one writer of `merchant_webhook_endpoints`. */

export interface NewEndpoint {
  url: string;
  eventTypes: string[];
  active: boolean;
  secret: string;
}

export async function insertEndpoint(tx: Tx, e: NewEndpoint): Promise<EndpointRow> {
  return tx.insertInto('merchant_webhook_endpoints').values({ url: e.url, event_types: e.eventTypes, active: e.active, secret: e.secret }).returningAll().executeTakeFirstOrThrow();
}

export async function listEndpoints(db: Db): Promise<EndpointRow[]> {
  return db.selectFrom('merchant_webhook_endpoints').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function findEndpoint(db: Db | Tx, id: string): Promise<EndpointRow | undefined> {
  return db.selectFrom('merchant_webhook_endpoints').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockEndpoint(tx: Tx, id: string): Promise<EndpointRow | undefined> {
  return tx.selectFrom('merchant_webhook_endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateEndpoint(tx: Tx, id: string, change: { url?: string; eventTypes?: string[]; active?: boolean }): Promise<EndpointRow> {
  return tx
    .updateTable('merchant_webhook_endpoints')
    .set({
      ...(change.url !== undefined ? { url: change.url } : {}),
      ...(change.eventTypes !== undefined ? { event_types: change.eventTypes } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteEndpoint(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('merchant_webhook_endpoints').where('id', '=', id).execute();
}
