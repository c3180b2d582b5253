import { findOrderItems, lockOrderForUpdate, type OrderItemRow, type OrderRow } from '../orders';
import { retryingTransaction } from '../shared/db';
import { findSeatsForOrder, releaseSeatRows } from './attendees.repository';
import { findLicencesForOrder, revokeLicences } from './licences.repository';
import { findTicketsForOrder, revokeTickets } from './tickets.repository';
import type { Db, Tx } from '../database';

/**
 * How refunded money maps to delivered units (the rule a clerk can predict):
 * - A full refund (order `refunded`) or a lost dispute takes back everything.
 * - A partial refund covers whole units, walking the lines from the last to the first, each unit
 *   costing its line's gross (amount + tax) divided by the quantity. So refunding the gross price
 *   of one ticket of three revokes one ticket; money left over that covers less than a unit
 *   revokes nothing more (a goodwill credit).
 * - A ticket line gives up tickets not yet checked in first, the highest seat first; a training
 *   line gives back its highest seats first; a software licence (one per line) is revoked once the
 *   refunds cover its whole line.
 * Partial revocation marks the ticket or seat taken back; the catalog's capacity is given back on a
 * full refund, when the order's seat hold is released as a whole (staff can raise capacity meanwhile).
 */
export function unitsCovered(items: OrderItemRow[], refunded: number): Map<number, number> {
  const covered = new Map<number, number>();
  let left = refunded;
  for (const item of [...items].sort((a, b) => b.line_no - a.line_no)) {
    const gross = item.amount + item.tax_amount;
    if (left <= 0 || gross <= 0) break;
    const units = left >= gross ? item.quantity : Math.floor((left * item.quantity) / gross);
    covered.set(item.line_no, units);
    left -= left >= gross ? gross : left;
  }
  return covered;
}

/** Brings what was delivered in line with the money kept, under the order's lock. Idempotent: it
 * counts what is already revoked and only takes back the rest. */
export async function applyRevocations(tx: Tx, order: OrderRow, items: OrderItemRow[], reason = 'refund'): Promise<void> {
  const all = order.status === 'refunded' || reason === 'dispute_lost';
  const covered = all ? new Map(items.map((i) => [i.line_no, i.quantity])) : unitsCovered(items, order.amount_refunded);
  const wanted = (line: number) => covered.get(line) ?? 0;
  const quantity = new Map(items.map((i) => [i.line_no, i.quantity]));

  const licences = (await findLicencesForOrder(tx, order.id)).filter((l) => l.revoked_at === null && wanted(l.line_no) >= (quantity.get(l.line_no) ?? 0));
  await revokeLicences(
    tx,
    licences.map((l) => l.id),
    all ? reason : 'refund',
  );

  const tickets = await findTicketsForOrder(tx, order.id);
  await revokeTickets(
    tx,
    pick(
      tickets,
      wanted,
      (t) => t.revoked_at !== null,
      (a, b) => Number(a.checked_in_at !== null) - Number(b.checked_in_at !== null) || b.seat_no - a.seat_no,
    ),
  );

  const seats = await findSeatsForOrder(tx, order.id);
  await releaseSeatRows(
    tx,
    pick(
      seats,
      wanted,
      (s) => s.released_at !== null,
      (a, b) => b.seat_no - a.seat_no,
    ),
  );
}

/** Per line, the ids to take back so that `wanted(line)` are taken back in all. */
function pick<T extends { id: string; line_no: number }>(rows: T[], wanted: (line: number) => number, taken: (r: T) => boolean, order: (a: T, b: T) => number): string[] {
  const ids: string[] = [];
  for (const line of new Set(rows.map((r) => r.line_no))) {
    const ofLine = rows.filter((r) => r.line_no === line);
    const missing = wanted(line) - ofLine.filter(taken).length;
    if (missing > 0)
      ids.push(
        ...ofLine
          .filter((r) => !taken(r))
          .sort(order)
          .slice(0, missing)
          .map((r) => r.id),
      );
  }
  return ids;
}

/** The `fulfilment.revoke` job. */
export async function revokeForOrder(db: Db, orderId: string, reason: string): Promise<void> {
  await retryingTransaction(db, async (tx) => {
    const order = await lockOrderForUpdate(tx, orderId);
    if (!order) return;
    await applyRevocations(tx, order, await findOrderItems(tx, orderId), reason.startsWith('dispute_lost') ? 'dispute_lost' : 'refund');
  });
}
