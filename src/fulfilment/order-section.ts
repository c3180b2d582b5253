import { newDownloadLink, type DownloadDeps } from './downloads.service';
import { productsBySku } from './fulfilment.service';
import { findSeatsForOrder } from './attendees.repository';
import { findLicencesForOrder } from './licences.repository';
import { localTime, placeOf, ticketQrSvg } from './media';
import { findTicketsForOrder } from './tickets.repository';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const day = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 10) : 'perpetual');

/**
 * The order page's "Your delivery" section (HTML, no script): licence keys to copy, a fresh
 * download link per view (each view makes a new one; the old ones run out on their own), tickets
 * with their QR codes inline as SVG (the page's CSP allows no data: images), and the seats with
 * who attends them. Empty until the order is paid and delivered.
 */
export async function renderDeliverySection(deps: DownloadDeps, orderId: string): Promise<string> {
  const [licences, tickets, seats] = await Promise.all([findLicencesForOrder(deps.db, orderId), findTicketsForOrder(deps.db, orderId), findSeatsForOrder(deps.db, orderId)]);
  if (licences.length + tickets.length + seats.length === 0) return '';
  const products = await productsBySku(
    deps.db,
    [...licences, ...tickets, ...seats].map((r) => r.sku),
  );
  const name = (sku: string) => esc(products.get(sku)?.name ?? sku);
  const parts: string[] = [];
  for (const l of licences) {
    const link = !l.revoked_at && products.get(l.sku)?.download_file ? await newDownloadLink(deps, l) : undefined;
    const state = l.revoked_at ? '<p class="revoked">Revoked (refunded)</p>' : `<p>Valid until ${day(l.expires_at)}</p>`;
    const download = link ? `<p><a href="${esc(link.url)}" rel="noreferrer">Download</a> (this link works until ${esc(link.expires_at)}, ${link.max_uses} downloads)</p>` : '';
    parts.push(`<article class="licence"><h3>${name(l.sku)} · ${l.quantity} user(s)</h3>${state}<pre class="key">${esc(l.licence_key)}</pre>${download}</article>`);
  }
  for (const t of tickets) {
    const p = products.get(t.sku);
    const when = p ? `${esc(localTime(p.starts_at, p.time_zone))}, ${esc(placeOf(p))}` : '';
    const state = t.revoked_at
      ? '<p class="revoked">Refunded: no longer valid</p>'
      : t.checked_in_at
        ? `<p>Checked in at ${new Date(t.checked_in_at).toISOString()}</p>`
        : await ticketQrSvg(t.token);
    parts.push(`<article class="ticket"><h3>${name(t.sku)} · seat ${t.seat_no}</h3><p>${when}</p><p>Ticket <strong>${esc(t.code)}</strong></p>${state}</article>`);
  }
  if (seats.length > 0) {
    const rows = seats
      .map(
        (s) =>
          `<tr><td>${name(s.sku)}</td><td>${s.seat_no}</td><td>${s.released_at ? 'Refunded' : s.name ? `${esc(s.name)} &lt;${esc(s.email ?? '')}&gt;` : 'Not named yet'}</td></tr>`,
      )
      .join('');
    const first = products.get(seats[0]!.sku);
    const when = first ? `<p>${esc(localTime(first.starts_at, first.time_zone))}, ${esc(placeOf(first))}</p>` : '';
    parts.push(
      `<article class="seats"><h3>Training seats</h3>${when}<table><thead><tr><th>Session</th><th>Seat</th><th>Attendee</th></tr></thead><tbody>${rows}</tbody></table>` +
        `<p>Name each attendee with <code>PATCH /api/orders/${esc(orderId)}/attendees/&lt;seat id&gt;</code> (seat ids in <code>GET /api/orders/${esc(orderId)}/delivery</code>) until the session starts; each receives the joining details and a calendar invitation.</p></article>`,
    );
  }
  return `<section id="delivery"><h2>Your delivery</h2>${parts.join('\n')}</section>`;
}
