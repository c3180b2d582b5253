import * as cardData from '../card-data';
import { minorUnitDigits } from '../shared/money';
import { csvQuoted } from './csv-cards';
import type { CellKind, CsvColumn } from './csv-sql';
import { writeTime } from './csv-time';

// Taken once: a call through the module's binding is a property read each time, which some
// loaders (tsx, which the server runs under) make a getter call, millions of times an export.
const { maskCardNumbers, mayHoldCardNumberUtf8 } = cardData;

const QUOTE = 0x22;
const COMMA = 0x2c;
const APOSTROPHE = 0x27;
/** Lines are written into slabs of 1 MB and pushed a chunk's worth at a time: one buffer per
 * chunk would be garbage at the rate of the export. */
const SLAB_BYTES = 1024 * 1024;
/** More than any cell of `length` input bytes can take: a text cell doubles its quotes and gains
 * an apostrophe and two quotes (a card number masked in it grows by less: 22 characters for at
 * least 13 digits); a number or a time takes at most 24 characters. */
const cellBound = (length: number) => 2 * length + 32;

const KINDS: CellKind[] = ['word', 'text', 'time', 'integer', 'amount', 'percent'];

/**
 * The export's CSV lines written from the tuples of a binary COPY, byte for byte what the SQL of
 * `csv-sql.ts` and COPY's CSV quoting made of the same values, so that PostgreSQL only reads rows
 * and the formatting runs in Node, on the other core (test/finance/export-cells.test.ts compares
 * the two). A tuple's fields: the order's currency, then one per column; a NULL is an empty cell.
 * Lines collect in buffers of about 64 kB, handed to `push`.
 */
export class CsvLines {
  private out: Buffer = Buffer.allocUnsafe(SLAB_BYTES);
  private at = 0;
  /** Where the lines not yet pushed start. */
  private from = 0;
  private readonly kinds: Uint8Array;
  private readonly names: string[];
  /** The last day written per column, and its YYYY-MM-DD: rows come in time order. */
  private readonly days: Float64Array;
  private readonly dates: Buffer;

  constructor(
    columns: CsvColumn[],
    private readonly push: (lines: Buffer) => void,
  ) {
    this.kinds = Uint8Array.from(columns, (c) => KINDS.indexOf(c.kind));
    this.names = columns.map((c) => c.name);
    this.days = new Float64Array(columns.length).fill(NaN);
    this.dates = Buffer.alloc(10 * columns.length);
  }

  /** Writes the tuple whose fields start at `pos` as one line; where it ends, or -1 (and nothing
   * written) when `src` ends first. */
  line(src: Buffer, pos: number): number {
    const end = src.length;
    if (pos + 4 > end) return -1;
    const currency = int32(src, pos);
    if (pos + 4 + currency > end) return -1;
    const digits = currencyDigits(src, pos + 4, currency);
    pos += 4 + Math.max(currency, 0);
    let out = this.out;
    let at = this.at;
    let lineStart = at;
    const kinds = this.kinds;
    for (let i = 0; i < kinds.length; i++) {
      if (pos + 4 > end) return -1;
      const length = int32(src, pos);
      const start = pos + 4;
      pos = start + Math.max(length, 0);
      if (pos > end) return -1;
      if (at + cellBound(length) > out.length) {
        out = this.renew(lineStart, at, cellBound(length));
        at -= lineStart;
        lineStart = 0;
      }
      if (i > 0) out[at++] = COMMA;
      if (length < 0) continue;
      switch (kinds[i]) {
        case 0:
          at = wordCell(out, at, src, start, pos);
          break;
        case 1:
          at = textCell(out, at, src, start, pos, this.names[i]!);
          break;
        case 2:
          at = this.timeCell(out, at, src, start, i);
          break;
        case 3:
          at = int8Cell(out, at, src, start, 0);
          break;
        case 4:
          at = int8Cell(out, at, src, start, digits);
          break;
        default:
          at = int8Cell(out, at, src, start, 2);
      }
    }
    out[at++] = 0x0d;
    out[at++] = 0x0a;
    this.at = at;
    return pos;
  }

  /** Pushes the lines written since the last push. */
  flush(): void {
    if (this.at > this.from) this.push(this.out.subarray(this.from, this.at));
    this.from = this.at;
  }

  /** The lines before `lineStart` go out; the line being written moves to a new slab with room
   * for `more` bytes after it. */
  private renew(lineStart: number, at: number, more: number): Buffer {
    const next = Buffer.allocUnsafe(Math.max(SLAB_BYTES, at - lineStart + more + 2));
    this.out.copy(next, 0, lineStart, at);
    this.at = lineStart;
    this.flush();
    this.out = next;
    this.at = 0;
    this.from = 0;
    return next;
  }

  private timeCell(out: Buffer, at: number, src: Buffer, start: number, column: number): number {
    return writeTime(out, at, int32(src, start), uint32(src, start + 4), src, start, this.days, this.dates, column);
  }
}

/** As csv-sql.ts's unit of `o.currency`: `minorUnitDigits` for three capital letters, else 2. */
const DIGITS = new Map<number, number>();
function currencyDigits(src: Buffer, start: number, length: number): number {
  if (length !== 3) return 2;
  const key = (src[start]! << 16) | (src[start + 1]! << 8) | src[start + 2]!;
  let digits = DIGITS.get(key);
  if (digits === undefined) {
    const code = src.toString('latin1', start, start + 3);
    DIGITS.set(key, (digits = /^[A-Z]{3}$/.test(code) ? minorUnitDigits(code) : 2));
  }
  return digits;
}

const SPECIAL = new Uint8Array(256);
for (const ch of '",\r\n') SPECIAL[ch.charCodeAt(0)] = 1;
/** csv-sql.ts's `neutralised`: the first characters a spreadsheet reads as a formula. */
const FORMULA = new Uint8Array(256);
for (const ch of '=+-@\t\r') FORMULA[ch.charCodeAt(0)] = 1;

/** Copies the bytes unquoted, as most cells are; -1 (the copy left unfinished) on reaching a byte
 * that needs quoting. */
function plain(out: Buffer, at: number, src: Buffer, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    if (SPECIAL[b] === 1) return -1;
    out[at++] = b;
  }
  return at;
}

function quoted(out: Buffer, at: number, src: Buffer, start: number, end: number, formula: boolean): number {
  out[at++] = QUOTE;
  if (formula) out[at++] = APOSTROPHE;
  for (let i = start; i < end; i++) {
    const b = src[i]!;
    out[at++] = b;
    if (b === QUOTE) out[at++] = QUOTE;
  }
  out[at++] = QUOTE;
  return at;
}

/** COPY's CSV quoting of a word: an empty string, unlike NULL, is `""`. */
function wordCell(out: Buffer, at: number, src: Buffer, start: number, end: number): number {
  if (start === end) {
    out[at++] = QUOTE;
    out[at++] = QUOTE;
    return at;
  }
  const written = plain(out, at, src, start, end);
  return written !== -1 ? written : quoted(out, at, src, start, end, false);
}

/** Free text: neutralised, then (only where the bytes could hold one) card numbers masked under
 * the column's name, then quoted. An empty string is an empty cell, as the export always wrote it. */
function textCell(out: Buffer, at: number, src: Buffer, start: number, end: number, name: string): number {
  if (start === end) return at;
  const formula = FORMULA[src[start]!] === 1;
  if (mayHoldCardNumberUtf8(src, start, end)) {
    const masked = maskCardNumbers(`${formula ? "'" : ''}${src.toString('utf8', start, end)}`, name);
    return at + out.write(csvQuoted(masked), at, 'utf8');
  }
  const written = plain(out, formula ? at + 1 : at, src, start, end);
  if (written === -1) return quoted(out, at, src, start, end, formula);
  if (formula) out[at] = APOSTROPHE;
  return written;
}

export const int32 = (src: Buffer, i: number) => (src[i]! << 24) | (src[i + 1]! << 16) | (src[i + 2]! << 8) | src[i + 3]!;
const uint32 = (src: Buffer, i: number) => int32(src, i) >>> 0;

/** Digits of a number, least significant first (one row is written at a time). */
const SCRATCH = new Uint8Array(24);

/** A bigint of minor units as `(v::numeric * 10^-digits)::text` prints it: 4900 → 49.00, 5 → 0.05,
 * 7500 with 0 digits → 7500. Integer arithmetic only (no `%`: on a number V8 cannot prove small,
 * it is a C call); beyond 2^53, through BigInt's text. */
function int8Cell(out: Buffer, at: number, src: Buffer, start: number, digits: number): number {
  const hi = int32(src, start);
  const lo = uint32(src, start + 4);
  let n = 0;
  if (hi === 0 && lo <= 0x7fffffff) {
    let v = lo | 0;
    do {
      const q = (v / 10) | 0;
      SCRATCH[n++] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
  } else {
    let v = hi * 2 ** 32 + lo;
    if (!Number.isSafeInteger(v)) return at + out.write(decimalText(src.readBigInt64BE(start).toString(), digits), at, 'latin1');
    if (v < 0) {
      out[at++] = 0x2d;
      v = -v;
    }
    do {
      const q = Math.floor(v / 10);
      SCRATCH[n++] = 48 + v - q * 10;
      v = q;
    } while (v > 0);
  }
  while (n <= digits) SCRATCH[n++] = 48;
  for (let i = n - 1; i >= 0; i--) {
    if (i === digits - 1) out[at++] = 0x2e;
    out[at++] = SCRATCH[i]!;
  }
  return at;
}

function decimalText(integer: string, digits: number): string {
  if (digits === 0) return integer;
  const sign = integer.startsWith('-') ? '-' : '';
  const abs = integer.slice(sign.length).padStart(digits + 1, '0');
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
