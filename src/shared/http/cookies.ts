/** The Cookie header, read by hand (RFC 6265 §5.4 as browsers send it). Only the values of one
 * name are needed, so nothing is decoded: our cookie holds base64url and dots only, and a value
 * that is anything else is simply not ours. */

/** Longer than any cookie a browser keeps (4096 bytes for name and value together). */
export const MAX_COOKIE_BYTES = 4096;

/** Every value sent under `name`, in order. A browser may send several (a stale one on another path
 * or domain), so the caller tries each. Pairs without "=" and empty names are skipped. */
export function cookieValues(header: string | string[] | undefined, name: string): string[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join('; ') : header;
  const values: string[] = [];
  for (const pair of text.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0 || pair.slice(0, eq).trim() !== name) continue;
    values.push(unquote(pair.slice(eq + 1).trim()));
  }
  return values;
}

/** RFC 6265 allows a value in double quotes; the quotes are not part of it. */
function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value;
}
