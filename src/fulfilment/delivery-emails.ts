import type { ProductRow } from '../catalog';
import { renderDeliveryEmail, type DeliveryRenderers, type EmailRow } from '../notifications';
import type { OrderRow } from '../orders';
import { signOrderToken } from '../shared/keys';
import { findSeatById, findSeatsForOrder } from './attendees.repository';
import { newDownloadLink, type DownloadDeps } from './downloads.service';
import { findLicencesForOrder } from './licences.repository';
import { localTime, placeOf, seatInvitation, ticketQrPng } from './media';
import { findTicketsForOrder } from './tickets.repository';

export interface DeliveryEmailDeps extends DownloadDeps {
  products(skus: string[]): Promise<Map<string, ProductRow>>;
}

const day = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 10) : 'no end date (perpetual)');

async function orderPage(deps: DeliveryEmailDeps, order: OrderRow): Promise<string> {
  return `${deps.signer.issuer}/orders/${order.id}?token=${await signOrderToken(deps.signer.keys, order.id)}`;
}

/** The texts of the delivery emails, read from what was delivered when the email is sent.
 * Revoked items are left out: an email sent after a quick refund never hands out a dead key. */
export function deliveryEmailRenderers(deps: DeliveryEmailDeps): DeliveryRenderers {
  return {
    licences_delivered: (_e, order) => licencesEmail(deps, order),
    tickets_delivered: (_e, order) => ticketsEmail(deps, order),
    seats_delivered: (_e, order) => seatsEmail(deps, order),
    attendee_invitation: (email, order) => invitationEmail(deps, email, order),
  };
}

/** The texts are the templates `src/notifications/templates/<kind>.txt`; here only what they show. */
async function licencesEmail(deps: DeliveryEmailDeps, order: OrderRow) {
  const licences = (await findLicencesForOrder(deps.db, order.id)).filter((l) => !l.revoked_at);
  if (licences.length === 0) return undefined;
  const products = await deps.products(licences.map((l) => l.sku));
  const rows = [];
  for (const l of licences) {
    const p = products.get(l.sku);
    const download = p?.download_file ? await newDownloadLink(deps, l) : undefined;
    rows.push({ name: p?.name ?? l.sku, sku: l.sku, quantity: l.quantity, valid_until: day(l.expires_at), licence_key: l.licence_key, download: download ?? null });
  }
  return renderDeliveryEmail('licences_delivered', { ...greeting(order), licences: rows, order_page_url: await orderPage(deps, order) });
}

async function ticketsEmail(deps: DeliveryEmailDeps, order: OrderRow) {
  const tickets = (await findTicketsForOrder(deps.db, order.id)).filter((t) => !t.revoked_at);
  if (tickets.length === 0) return undefined;
  const products = await deps.products(tickets.map((t) => t.sku));
  const rows = tickets.map((t) => {
    const p = products.get(t.sku);
    return { code: t.code, name: p?.name ?? t.sku, seat_no: t.seat_no, when_where: p ? `${localTime(p.starts_at, p.time_zone)}, ${placeOf(p)}` : '' };
  });
  const attachments = await Promise.all(tickets.map(async (t) => ({ filename: `ticket-${t.code}.png`, content: await ticketQrPng(t.token), contentType: 'image/png' })));
  return { ...renderDeliveryEmail('tickets_delivered', { ...greeting(order), tickets: rows, order_page_url: await orderPage(deps, order) }), attachments };
}

async function seatsEmail(deps: DeliveryEmailDeps, order: OrderRow) {
  const seats = (await findSeatsForOrder(deps.db, order.id)).filter((s) => !s.released_at);
  if (seats.length === 0) return undefined;
  const products = await deps.products(seats.map((s) => s.sku));
  const sessions = [...new Set(seats.map((s) => s.sku))].map((sku) => {
    const p = products.get(sku)!;
    return { name: p.name, seats: seats.filter((s) => s.sku === sku).length, starts: localTime(p.starts_at, p.time_zone), place: placeOf(p) };
  });
  return renderDeliveryEmail('seats_delivered', { ...greeting(order), sessions, order_page_url: await orderPage(deps, order) });
}

/** Sent once per naming of a seat; an invitation for a person since replaced is skipped. */
async function invitationEmail(deps: DeliveryEmailDeps, email: EmailRow, order: OrderRow) {
  const { seat_id: seatId, version } = email.detail as { seat_id: string; version: number };
  const seat = await findSeatById(deps.db, seatId);
  if (!seat || seat.released_at || seat.version !== version || !seat.email) return undefined;
  const p = (await deps.products([seat.sku])).get(seat.sku)!;
  const joining = p.online_url ? `Join online: ${p.online_url}` : `Location: ${placeOf(p)}`;
  const content = renderDeliveryEmail('attendee_invitation', {
    attendee: seat.name ?? '',
    booked_by: order.customer_company ?? order.customer_name,
    product: p.name,
    starts: localTime(p.starts_at, p.time_zone),
    ends: localTime(p.ends_at, p.time_zone),
    joining,
  });
  const ics = await seatInvitation(p, seat, joining);
  return {
    to: seat.email,
    ...content,
    attachments: [{ filename: 'invite.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}

const greeting = (order: OrderRow) => ({ customer_name: order.customer_name, order_number: order.number });
