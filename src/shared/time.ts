/** A timestamp as the API shows it (ISO 8601, UTC); pg hands back a Date, PGlite and JSON columns
 * may hand back text. A missing one stays null. */
export function iso(d: Date | string): string;
export function iso(d: Date | string | null): string | null;
export function iso(d: Date | string | null): string | null {
  return d === null ? null : new Date(d).toISOString();
}
