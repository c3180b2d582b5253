import { listSessionAttendees, type SessionAttendee } from './attendees.repository';
import { listRevokedLicences } from './licences.repository';
import { REVOCATIONS_TYP, signToken, type Signer } from './signing';
import type { Db } from '../database';

export async function sessionAttendees(db: Db, sku: string) {
  const rows = await listSessionAttendees(db, sku);
  return { sku, attendees: rows.map((r) => ({ ...r, updated_at: new Date(r.updated_at).toISOString() })) };
}

/** RFC 4180, with cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed
 * with an apostrophe: names and emails were typed by shoppers. */
function cell(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function attendeesCsv(rows: SessionAttendee[]): string {
  const header = ['order_number', 'seat_no', 'name', 'email', 'updated_at'];
  const lines = rows.map((r) => [r.order_number, r.seat_no, r.name, r.email, new Date(r.updated_at).toISOString()].map(cell).join(','));
  return [header.join(','), ...lines].map((l) => `${l}\r\n`).join('');
}

export const sessionAttendeesCsv = async (db: Db, sku: string) => attendeesCsv(await listSessionAttendees(db, sku));

/** The revocation list, signed like the licences (typ handoff-licence-revocations+jwt): licensed
 * software fetches it from one stable URL and trusts it only if it verifies. */
export async function signedRevocationList(db: Db, signer: Signer): Promise<string> {
  const revoked = (await listRevokedLicences(db)).map((r) => ({ jti: r.id, revoked_at: new Date(r.revoked_at).toISOString() }));
  return signToken(signer, REVOCATIONS_TYP, { sub: 'licence-revocations', revoked }, null);
}
