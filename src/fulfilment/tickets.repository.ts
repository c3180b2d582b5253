import type { Insertable } from 'kysely';
import type { TicketRow, TicketTable } from './fulfilment.table';
import type { Db, Tx } from '../database';

/** Inserted once per seat: a second delivery of the same order inserts nothing. */
export async function insertTickets(tx: Tx, rows: Array<Insertable<TicketTable>>): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('tickets')
    .values(rows)
    .onConflict((oc) => oc.constraint('tickets_order_seat_key').doNothing())
    .execute();
}

export async function findTicketsForOrder(db: Db | Tx, orderId: string): Promise<TicketRow[]> {
  return db.selectFrom('tickets').selectAll().where('order_id', '=', orderId).orderBy('line_no').orderBy('seat_no').execute();
}

export async function findTicketById(db: Db, id: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Admits the ticket if nobody has and it is not revoked: one statement, so of two scanners at
 * once exactly one gets the row back (the other waits on the row lock, then sees it taken). */
export async function admitTicket(db: Db | Tx, id: string, by: string): Promise<TicketRow | undefined> {
  return db
    .updateTable('tickets')
    .set({ checked_in_at: new Date(), checked_in_by: by })
    .where('id', '=', id)
    .where('checked_in_at', 'is', null)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function revokeTickets(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('tickets').set({ revoked_at: new Date() }).where('id', 'in', ids).where('revoked_at', 'is', null).execute();
}
