import { findProductsBySku, type ProductRow } from '../catalog';
import { recordMerchantEvent } from '../merchant-webhooks';
import { queueEmail } from '../notifications';
import { findOrderById, lockOrderForUpdate } from '../orders';
import { retryingTransaction } from '../shared/db';
import { notFound, unauthorized, unprocessable } from '../shared/errors';
import { verifyOrderToken } from '../shared/keys';
import { findSeatsForOrder, lockSeat, nameAttendee } from './attendees.repository';
import { newDownloadLink, type DownloadDeps } from './downloads.service';
import { fulfilmentEvent } from './fulfilment-events';
import type { AttendeeRow } from './fulfilment.table';
import type { DeliveryView, SeatView } from './fulfilment.schemas';
import { findLicenceById, findLicencesForOrder } from './licences.repository';
import { findTicketsForOrder } from './tickets.repository';
import type { Db, Tx } from '../database';

export type FulfilmentDeps = DownloadDeps;

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

/** The order a verified order token opens (the same 401 whatever is wrong, as the order routes). */
export async function shopperOrderId(deps: { db: Db; signer: { keys: FulfilmentDeps['signer']['keys'] } }, id: string, token: string | undefined): Promise<string> {
  const refused = () => unauthorized('Send the order_token you received when ordering.');
  if (!token || !(await verifyOrderToken(deps.signer.keys, token, id))) throw refused();
  const order = await findOrderById(deps.db, id);
  if (!order || order.erased_at) throw refused();
  return id;
}

export async function productsBySku(db: Db | Tx, skus: string[]): Promise<Map<string, ProductRow>> {
  return new Map((await findProductsBySku(db, [...new Set(skus)])).map((p) => [p.sku, p]));
}

/** Attendees may be named and changed until the session starts: late joiners of an online
 * course are common, and after the start the list is the trainer's. */
const changeableUntil = (p: ProductRow | undefined): Date | null => (p?.starts_at ? new Date(p.starts_at) : null);

function seatView(s: AttendeeRow, p: ProductRow | undefined): SeatView {
  return { id: s.id, sku: s.sku, seat_no: s.seat_no, name: s.name, email: s.email, released_at: iso(s.released_at), changeable_until: iso(changeableUntil(p)) };
}

/** What the order delivered so far: nothing until it is paid and the delivery job has run. */
export async function getDelivery(deps: FulfilmentDeps, orderId: string): Promise<DeliveryView> {
  const [licences, tickets, seats] = await Promise.all([findLicencesForOrder(deps.db, orderId), findTicketsForOrder(deps.db, orderId), findSeatsForOrder(deps.db, orderId)]);
  const products = await productsBySku(
    deps.db,
    [...licences, ...seats].map((r) => r.sku),
  );
  return {
    licences: licences.map((l) => ({
      id: l.id,
      sku: l.sku,
      quantity: l.quantity,
      licence_key: l.licence_key,
      issued_at: iso(l.issued_at)!,
      expires_at: iso(l.expires_at),
      revoked_at: iso(l.revoked_at),
      has_download: !!products.get(l.sku)?.download_file,
    })),
    tickets: tickets.map((t) => ({ id: t.id, sku: t.sku, seat_no: t.seat_no, code: t.code, token: t.token, checked_in_at: iso(t.checked_in_at), revoked_at: iso(t.revoked_at) })),
    seats: seats.map((s) => seatView(s, products.get(s.sku))),
  };
}

/** Names (or renames) a seat's attendee and queues their invitation in the same commit; the
 * same person sent again changes nothing and sends nothing. */
export async function nameSeat(deps: FulfilmentDeps, orderId: string, seatId: string, person: { name: string; email: string }): Promise<SeatView> {
  return retryingTransaction(deps.db, async (tx) => {
    await lockOrderForUpdate(tx, orderId);
    const seat = await lockSeat(tx, orderId, seatId);
    if (!seat) throw notFound('No such seat on this order.');
    const product = (await productsBySku(tx, [seat.sku])).get(seat.sku);
    if (seat.released_at) throw unprocessable('seat_released', 'This seat was given back with a refund.', [{ path: 'seat_id', message: 'Released.' }]);
    const until = changeableUntil(product);
    if (until && Date.now() >= until.getTime()) {
      throw unprocessable('attendee_change_closed', `Attendees of ${product!.name} could be changed until ${until.toISOString()}.`, [
        { path: 'seat_id', message: 'The session has started.' },
      ]);
    }
    if (seat.name === person.name && seat.email === person.email) return seatView(seat, product);
    const named = await nameAttendee(tx, seat.id, person);
    await queueEmail(tx, orderId, { kind: 'attendee_invitation', occurrence: `${seat.id}:${named.version}`, detail: { seat_id: seat.id, version: named.version } });
    await recordMerchantEvent(tx, fulfilmentEvent('attendee.changed', named));
    return seatView(named, product);
  });
}

export async function requestDownloadLink(deps: FulfilmentDeps, orderId: string, licenceId: string) {
  const licence = await findLicenceById(deps.db, licenceId);
  if (!licence || licence.order_id !== orderId) throw notFound('No such licence on this order.');
  if (licence.revoked_at) throw unprocessable('licence_revoked', 'This licence was revoked; it has no downloads.', [{ path: 'licence_id', message: 'Revoked.' }]);
  if (!(await deps.fileOf(licence.sku))) throw unprocessable('no_download', 'This product has no download.', [{ path: 'licence_id', message: 'No download.' }]);
  return newDownloadLink(deps, licence);
}
