import type { AttendeeRow, LicenceRow, TicketRow } from './fulfilment.table';

/**
 * The merchant events fulfilment emits, as payloads for the outbound webhooks that
 * src/merchant-webhooks signs and delivers. No more personal data than the event needs:
 * no licence key, no ticket token, the attendee's name and email only on attendee.changed, which
 * exists to tell the merchant who attends.
 *
 * Where they are recorded (in the transaction that makes the change, so the event exists if and only
 * if the change commits):
 * - licence.issued: deliver.ts `deliverOrder`, for each licence inserted (insertLicences).
 * - ticket.checked_in: checkin.service.ts `checkIn`, when `admitTicket` returns a row.
 * - attendee.changed: fulfilment.service.ts `nameSeat`, after `nameAttendee`.
 */
export type FulfilmentEvent =
  | { type: 'licence.issued'; data: { licence_id: string; order_id: string; sku: string; quantity: number; issued_at: string; expires_at: string | null } }
  | { type: 'ticket.checked_in'; data: { ticket_id: string; order_id: string; sku: string; code: string; seat_no: number; checked_in_at: string } }
  | { type: 'attendee.changed'; data: { seat_id: string; order_id: string; sku: string; seat_no: number; name: string | null; email: string | null; version: number } };

const iso = (d: Date | null) => (d === null ? null : new Date(d).toISOString());

export function fulfilmentEvent(kind: 'licence.issued', row: LicenceRow): FulfilmentEvent;
export function fulfilmentEvent(kind: 'ticket.checked_in', row: TicketRow): FulfilmentEvent;
export function fulfilmentEvent(kind: 'attendee.changed', row: AttendeeRow): FulfilmentEvent;
export function fulfilmentEvent(kind: FulfilmentEvent['type'], row: LicenceRow | TicketRow | AttendeeRow): FulfilmentEvent {
  if (kind === 'licence.issued') {
    const l = row as LicenceRow;
    return { type: kind, data: { licence_id: l.id, order_id: l.order_id, sku: l.sku, quantity: l.quantity, issued_at: iso(l.issued_at)!, expires_at: iso(l.expires_at) } };
  }
  if (kind === 'ticket.checked_in') {
    const t = row as TicketRow;
    return { type: kind, data: { ticket_id: t.id, order_id: t.order_id, sku: t.sku, code: t.code, seat_no: t.seat_no, checked_in_at: iso(t.checked_in_at)! } };
  }
  const a = row as AttendeeRow;
  return { type: kind, data: { seat_id: a.id, order_id: a.order_id, sku: a.sku, seat_no: a.seat_no, name: a.name, email: a.email, version: a.version } };
}
