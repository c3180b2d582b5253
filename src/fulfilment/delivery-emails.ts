import type { ProductRow } from '../catalog';
import type { DeliveryRenderers, EmailRow } from '../notifications';
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

const SIGNATURE = '\n-- \nHandoff store\n';
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

async function licencesEmail(deps: DeliveryEmailDeps, order: OrderRow) {
  const licences = (await findLicencesForOrder(deps.db, order.id)).filter((l) => !l.revoked_at);
  if (licences.length === 0) return undefined;
  const products = await deps.products(licences.map((l) => l.sku));
  const blocks: string[] = [];
  for (const l of licences) {
    const p = products.get(l.sku);
    const link = p?.download_file ? await newDownloadLink(deps, l) : undefined;
    const download = link ? `\nDownload: ${link.url}\n(works until ${link.expires_at}, ${link.max_uses} downloads; a new link can be had from your order page)` : '';
    blocks.push(
      `${p?.name ?? l.sku} (${l.sku}), ${l.quantity} user(s), valid until ${day(l.expires_at)}\n-----BEGIN HANDOFF LICENCE-----\n${l.licence_key}\n-----END HANDOFF LICENCE-----${download}`,
    );
  }
  const text = `Hello ${order.customer_name},\n\nthank you for your order ${order.number}. Your licence keys are below: paste the text between the BEGIN and END lines into the software.\n\n${blocks.join('\n\n')}\n\nYour order page, with these keys: ${await orderPage(deps, order)}\n${SIGNATURE}`;
  return { subject: `Your licence keys for order ${order.number}`, text };
}

async function ticketsEmail(deps: DeliveryEmailDeps, order: OrderRow) {
  const tickets = (await findTicketsForOrder(deps.db, order.id)).filter((t) => !t.revoked_at);
  if (tickets.length === 0) return undefined;
  const products = await deps.products(tickets.map((t) => t.sku));
  const lines = tickets.map((t) => {
    const p = products.get(t.sku);
    return `  Ticket ${t.code}: ${p?.name ?? t.sku}, seat ${t.seat_no}\n    ${p ? `${localTime(p.starts_at, p.time_zone)}, ${placeOf(p)}` : ''}`;
  });
  const attachments = await Promise.all(tickets.map(async (t) => ({ filename: `ticket-${t.code}.png`, content: await ticketQrPng(t.token), contentType: 'image/png' })));
  const text = `Hello ${order.customer_name},\n\nyour tickets for order ${order.number}: one QR code per ticket is attached. Show it at the door (on paper or on screen); each code admits one person once.\n\n${lines.join('\n')}\n\nYour order page shows the codes too: ${await orderPage(deps, order)}\n${SIGNATURE}`;
  return { subject: `Your tickets for order ${order.number}`, text, attachments };
}

async function seatsEmail(deps: DeliveryEmailDeps, order: OrderRow) {
  const seats = (await findSeatsForOrder(deps.db, order.id)).filter((s) => !s.released_at);
  if (seats.length === 0) return undefined;
  const products = await deps.products(seats.map((s) => s.sku));
  const sessions = [...new Set(seats.map((s) => s.sku))].map((sku) => {
    const p = products.get(sku)!;
    return `  ${p.name}: ${seats.filter((s) => s.sku === sku).length} seat(s), ${localTime(p.starts_at, p.time_zone)}, ${placeOf(p)}`;
  });
  const text = `Hello ${order.customer_name},\n\nyour training seats for order ${order.number} are booked:\n\n${sessions.join('\n')}\n\nPlease name the attendee of each seat on your order page (or through the API) until the session starts; each attendee then receives the joining details and a calendar invitation.\n${await orderPage(deps, order)}\n${SIGNATURE}`;
  return { subject: `Your training seats for order ${order.number}: name the attendees`, text };
}

/** Sent once per naming of a seat; an invitation for a person since replaced is skipped. */
async function invitationEmail(deps: DeliveryEmailDeps, email: EmailRow, order: OrderRow) {
  const { seat_id: seatId, version } = email.detail as { seat_id: string; version: number };
  const seat = await findSeatById(deps.db, seatId);
  if (!seat || seat.released_at || seat.version !== version || !seat.email) return undefined;
  const p = (await deps.products([seat.sku])).get(seat.sku)!;
  const joining = p.online_url ? `Join online: ${p.online_url}` : `Location: ${placeOf(p)}`;
  const text = `Hello ${seat.name},\n\n${order.customer_company ?? order.customer_name} has booked you a seat at\n\n  ${p.name}\n  Starts: ${localTime(p.starts_at, p.time_zone)}\n  Ends: ${localTime(p.ends_at, p.time_zone)}\n  ${joining}\n\nThe calendar invitation is attached (invite.ics).\n${SIGNATURE}`;
  const ics = seatInvitation(p, seat, joining);
  return {
    to: seat.email,
    subject: `Your seat at ${p.name}`,
    text,
    attachments: [{ filename: 'invite.ics', content: ics, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' }],
  };
}
