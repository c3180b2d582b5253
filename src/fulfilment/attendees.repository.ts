import type { Insertable } from 'kysely';
import type { AttendeeRow, AttendeeTable } from './fulfilment.table';
import type { Db, Tx } from '../database';

/** One row per training seat, once: a second delivery of the same order inserts nothing. */
export async function insertSeats(tx: Tx, rows: Array<Insertable<AttendeeTable>>): Promise<void> {
  if (rows.length === 0) return;
  await tx
    .insertInto('attendees')
    .values(rows)
    .onConflict((oc) => oc.constraint('attendees_order_seat_key').doNothing())
    .execute();
}

export async function findSeatsForOrder(db: Db | Tx, orderId: string): Promise<AttendeeRow[]> {
  return db.selectFrom('attendees').selectAll().where('order_id', '=', orderId).orderBy('line_no').orderBy('seat_no').execute();
}

export async function findSeatById(db: Db, id: string): Promise<AttendeeRow | undefined> {
  return db.selectFrom('attendees').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function lockSeat(tx: Tx, orderId: string, seatId: string): Promise<AttendeeRow | undefined> {
  return tx.selectFrom('attendees').selectAll().where('id', '=', seatId).where('order_id', '=', orderId).forUpdate().executeTakeFirst();
}

export async function nameAttendee(tx: Tx, seatId: string, person: { name: string; email: string }): Promise<AttendeeRow> {
  return tx
    .updateTable('attendees')
    .set((eb) => ({ ...person, version: eb('version', '+', 1), updated_at: new Date() }))
    .where('id', '=', seatId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function releaseSeatRows(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.updateTable('attendees').set({ released_at: new Date(), updated_at: new Date() }).where('id', 'in', ids).where('released_at', 'is', null).execute();
}

export interface SessionAttendee {
  order_number: string;
  seat_no: number;
  name: string | null;
  email: string | null;
  updated_at: Date;
}

/** The seats of one session still held (not given back by a refund), by order and seat. */
export async function listSessionAttendees(db: Db, sku: string): Promise<SessionAttendee[]> {
  return db
    .selectFrom('attendees')
    .innerJoin('orders', 'orders.id', 'attendees.order_id')
    .select(['orders.number as order_number', 'attendees.seat_no', 'attendees.name', 'attendees.email', 'attendees.updated_at'])
    .where('attendees.sku', '=', sku)
    .where('attendees.released_at', 'is', null)
    .orderBy('orders.number')
    .orderBy('attendees.line_no')
    .orderBy('attendees.seat_no')
    .execute();
}
