import { sql, type Insertable, type Updateable } from 'kysely';
import type { ContactRequestRow, ContactRequestTable, DisclosureRow, PartnerRow, PartnerTable } from './partners.table';
import type { Db, Tx } from '../database';

export async function listPartners(db: Db): Promise<PartnerRow[]> {
  return db.selectFrom('partners').selectAll().orderBy('created_at').orderBy('id').execute();
}

export async function insertPartner(tx: Tx, p: Insertable<PartnerTable>): Promise<PartnerRow> {
  return tx.insertInto('partners').values(p).returningAll().executeTakeFirstOrThrow();
}

export async function lockPartnerForUpdate(tx: Tx, id: string): Promise<PartnerRow | undefined> {
  return tx.selectFrom('partners').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updatePartner(tx: Tx, id: string, changes: Updateable<PartnerTable>): Promise<PartnerRow> {
  return tx
    .updateTable('partners')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPartnerById(db: Db | Tx, id: string): Promise<PartnerRow | undefined> {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The longest-standing active partner covering the country, if any. */
export async function findActivePartnerFor(db: Db | Tx, country: string): Promise<PartnerRow | undefined> {
  return db
    .selectFrom('partners')
    .selectAll()
    .where('active', '=', true)
    .where(sql<boolean>`countries @> array[${country}]::text[]`)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function insertContactRequest(tx: Tx, r: Insertable<ContactRequestTable>): Promise<ContactRequestRow> {
  return tx.insertInto('contact_requests').values(r).returningAll().executeTakeFirstOrThrow();
}

export async function findContactRequest(db: Db | Tx, id: string): Promise<ContactRequestRow | undefined> {
  return db.selectFrom('contact_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockContactRequest(tx: Tx, id: string): Promise<ContactRequestRow | undefined> {
  return tx.selectFrom('contact_requests').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateContactRequest(tx: Tx, id: string, changes: Updateable<ContactRequestTable>): Promise<void> {
  await tx
    .updateTable('contact_requests')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
}

export interface ContactRequestWithPartner extends ContactRequestRow {
  partner_name: string | null;
}

export async function findContactRequestForOrder(db: Db | Tx, orderId: string): Promise<ContactRequestWithPartner | undefined> {
  return db
    .selectFrom('contact_requests')
    .leftJoin('partners', 'partners.id', 'contact_requests.partner_id')
    .selectAll('contact_requests')
    .select('partners.name as partner_name')
    .where('contact_requests.order_id', '=', orderId)
    .executeTakeFirst();
}

/** One row per referral (its jti); each attempt to send it counts. Written before the request
 * leaves: a partner that received the data but answered badly has still received it. */
export async function recordDisclosureAttempt(
  db: Db,
  d: { partnerId: string; orderId: string; contactRequestId: string; fields: string[]; reason: string; jti: string },
): Promise<void> {
  await db
    .insertInto('disclosures')
    .values({ partner_id: d.partnerId, order_id: d.orderId, contact_request_id: d.contactRequestId, fields: d.fields, reason: d.reason, jti: d.jti, attempts: 1 })
    .onConflict((oc) => oc.constraint('disclosures_jti_key').doUpdateSet((eb) => ({ attempts: eb('disclosures.attempts', '+', 1) })))
    .execute();
}

export async function acknowledgeDisclosure(tx: Tx, jti: string): Promise<void> {
  await tx.updateTable('disclosures').set({ acknowledged_at: new Date() }).where('jti', '=', jti).where('acknowledged_at', 'is', null).execute();
}

export interface DisclosureWithPartner extends DisclosureRow {
  partner_name: string;
}

export async function findDisclosuresForOrder(db: Db | Tx, orderId: string): Promise<DisclosureWithPartner[]> {
  return db
    .selectFrom('disclosures')
    .innerJoin('partners', 'partners.id', 'disclosures.partner_id')
    .selectAll('disclosures')
    .select('partners.name as partner_name')
    .where('disclosures.order_id', '=', orderId)
    .orderBy('disclosures.id')
    .execute();
}

export async function findContactRequestsForOrders(db: Db | Tx, orderIds: string[]): Promise<ContactRequestRow[]> {
  if (orderIds.length === 0) return [];
  return db.selectFrom('contact_requests').selectAll().where('order_id', 'in', orderIds).execute();
}

/** These orders' disclosures with the partner's name; the referral's token id and attempts are
 * bookkeeping and left out. */
export async function findDisclosuresForOrders(db: Db | Tx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('disclosures')
    .innerJoin('partners', 'partners.id', 'disclosures.partner_id')
    .select([
      'disclosures.id',
      'disclosures.order_id',
      'disclosures.partner_id',
      'partners.name as partner_name',
      'disclosures.fields',
      'disclosures.reason',
      'disclosures.disclosed_at',
      'disclosures.acknowledged_at',
    ])
    .where('disclosures.order_id', 'in', orderIds)
    .orderBy('disclosures.id')
    .execute();
}
