import type { ProductRow } from '../catalog';

// qrcode and ics are loaded on first use, not at start (README, Benchmarks): a ticket email or
// an order page with tickets pays for them once.

/** pngjs options qrcode passes through (its types name only `deflateLevel`): one PNG filter
 * instead of trying all five per row, which for a two-colour image only costs time. */
const PNG_OPTS = { deflateLevel: 9, filterType: 0 } as { deflateLevel: number };

/** A ticket's QR code as a PNG (the email attachment): medium error correction survives a
 * cracked phone screen; the quiet zone and size let door scanners read it at arm's length. */
export async function ticketQrPng(token: string): Promise<Buffer> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toBuffer(token, { type: 'png', errorCorrectionLevel: 'M', margin: 4, width: 360, rendererOpts: PNG_OPTS });
}

/** The same code as inline SVG for the order page (the page's CSP allows no data: images). */
export async function ticketQrSvg(token: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toString(token, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, width: 240 });
}

/** An instant as a person in the event's zone reads it, with the zone named. */
export function localTime(at: Date | null, timeZone: string | null): string {
  if (!at) return 'to be announced';
  const tz = timeZone ?? 'UTC';
  return `${new Intl.DateTimeFormat('en-GB', { timeZone: tz, dateStyle: 'full', timeStyle: 'short' }).format(new Date(at))} (${tz})`;
}

/** Where to go: the venue or location, else the online link. */
export const placeOf = (p: ProductRow): string => p.venue ?? p.location ?? p.online_url ?? 'to be announced';

/**
 * The calendar invitation for one seat. Times are written in UTC (`...Z`), which every calendar
 * shows in its owner's zone at the right instant; the event's own zone is named in the text.
 * The uid is the seat's and the sequence its change count, so a changed invitation replaces the
 * earlier one instead of adding a second entry.
 */
export async function seatInvitation(p: ProductRow, seat: { id: string; version: number }, joining: string): Promise<string> {
  const { createEvent } = await import('ics');
  if (!p.starts_at) throw new Error(`training ${p.sku} has no start time`);
  const start = new Date(p.starts_at).getTime();
  const end = p.ends_at ? new Date(p.ends_at).getTime() : start + 3_600_000;
  const { error, value } = createEvent({
    uid: `seat-${seat.id}@handoff`,
    sequence: seat.version,
    productId: 'handoff/fulfilment',
    method: 'PUBLISH',
    title: p.name,
    description: joining,
    start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end,
    endInputType: 'utc',
    endOutputType: 'utc',
    ...(p.location ? { location: p.location } : {}),
    ...(p.online_url ? { url: p.online_url } : {}),
    status: 'CONFIRMED',
  });
  if (error || !value) throw new Error(`calendar invitation for ${p.sku} not made: ${error?.message ?? 'empty'}`);
  return value;
}
