import type { Insertable } from 'kysely';
import type { LicenceRow, LicenceTable } from './fulfilment.table';
import type { Db, Tx } from '../database';

/** Inserted once per order line: a second delivery of the same order inserts nothing. */
/** The licences this call inserted: none that an earlier delivery already made. */
export async function insertLicences(tx: Tx, rows: Array<Insertable<LicenceTable>>): Promise<LicenceRow[]> {
  if (rows.length === 0) return [];
  return tx
    .insertInto('licences')
    .values(rows)
    .onConflict((oc) => oc.constraint('licences_order_line_key').doNothing())
    .returningAll()
    .execute();
}

export async function findLicencesForOrder(db: Db | Tx, orderId: string): Promise<LicenceRow[]> {
  return db.selectFrom('licences').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
}

export async function findLicenceById(db: Db, id: string): Promise<LicenceRow | undefined> {
  return db.selectFrom('licences').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function revokeLicences(tx: Tx, ids: string[], reason: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('licences').set({ revoked_at: new Date(), revoke_reason: reason }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
}

/** Every revoked licence, oldest revocation first: the list is small and only ever grows. */
export async function listRevokedLicences(db: Db): Promise<Array<{ id: string; revoked_at: Date }>> {
  return db
    .selectFrom('licences')
    .select(['id', 'revoked_at'])
    .where('revoked_at', 'is not', null)
    .orderBy('revoked_at')
    .orderBy('id')
    .$narrowType<{ revoked_at: Date }>()
    .execute();
}
