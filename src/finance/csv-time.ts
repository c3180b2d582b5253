/**
 * A timestamptz of a binary COPY (microseconds since 2000-01-01 UTC, as two 32-bit halves) written
 * as `to_char(v at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')` writes it: truncated to the
 * second, the year as YYYY (at least four digits; a year BC as its number, 1 BC being 0001), and
 * ±infinity, which to_char gives as NULL, an empty cell. Integer arithmetic only: no `%`, which on
 * a number V8 cannot prove small is a C call.
 */

const PG_EPOCH_DAYS = 10_957; // 2000-01-01, where PostgreSQL counts from, in days after 1970-01-01

/** `days[column]` and the ten bytes at `dates[10 * column]` remember the last day written in that
 * column: rows come in time order, so most rows repeat their predecessor's date. */
export function writeTime(out: Buffer, at: number, hi: number, lo: number, src: Buffer, start: number, days: Float64Array, dates: Buffer, column: number): number {
  if ((hi === 0x7fffffff && lo === 0xffffffff) || (hi === -0x80000000 && lo === 0)) return at;
  const us = hi * 2 ** 32 + lo;
  // Exact: below 2^53 the quotient's fraction, when not 0, is further from a whole number than a
  // double's spacing there.
  const seconds = Number.isSafeInteger(us) ? Math.floor(us / 1e6) : bigFloorSeconds(src.readBigInt64BE(start));
  const day = Math.floor(seconds / 86_400);
  const cached = 10 * column;
  if (day === days[column]) for (let i = cached; i < cached + 10; i++) out[at++] = dates[i]!;
  else {
    const from = at;
    at = writeDate(out, at, day + PG_EPOCH_DAYS);
    if (at - from === 10) {
      for (let i = 0; i < 10; i++) dates[cached + i] = out[from + i]!;
      days[column] = day;
    }
  }
  let s = seconds - day * 86_400;
  const hours = (s / 3600) | 0;
  s -= hours * 3600;
  const minutes = (s / 60) | 0;
  out[at++] = 0x54; // T
  at = two(out, at, hours);
  out[at++] = 0x3a;
  at = two(out, at, minutes);
  out[at++] = 0x3a;
  at = two(out, at, s - minutes * 60);
  out[at++] = 0x5a; // Z
  return at;
}

function bigFloorSeconds(us: bigint): number {
  const q = us / 1_000_000n;
  return Number(us % 1_000_000n < 0n ? q - 1n : q);
}

function two(out: Buffer, at: number, n: number): number {
  const tens = (n / 10) | 0;
  out[at++] = 48 + tens;
  out[at++] = 48 + n - tens * 10;
  return at;
}

/** YYYY-MM-DD of a day counted from 1970-01-01, proleptic Gregorian (H. Hinnant's civil_from_days). */
function writeDate(out: Buffer, at: number, unixDays: number): number {
  const z = unixDays + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const shown = year <= 0 ? 1 - year : year;
  if (shown < 10_000) {
    const century = (shown / 100) | 0;
    at = two(out, at, century);
    at = two(out, at, shown - century * 100);
  } else at += out.write(String(shown), at, 'latin1');
  out[at++] = 0x2d;
  at = two(out, at, month);
  out[at++] = 0x2d;
  return two(out, at, day);
}
