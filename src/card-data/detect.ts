import { digitChains, type DigitChain, type TextSpan } from './digits';
import { identifierSpans, isPhoneNumberIn } from './look-alikes';

export type { TextSpan } from './digits';

/** Finds payment card numbers (PANs) in text, so that none is ever accepted, stored or logged.
 *
 * A card number here is 13 to 19 digits that pass the Luhn check, read after Unicode
 * normalisation (any script's digits, full-width, circled) with invisible characters removed,
 * whatever non-alphanumeric characters separate its groups (spaces, tabs, line breaks,
 * `/ _ , : * ( ) ~ | . - +`, every dash, URL and JSON escapes of any of them), single or repeated,
 * and whether or not letters or a "+" stand right before or after it.
 *
 * Decisions that keep look-alikes out, each grounded in how PANs are issued (ISO/IEC 7812):
 * - A window is made of whole digit groups: "1234 4242…" can match from "4242", but digits are
 *   never cut out of the middle of a longer contiguous run (20+ digits is some other number,
 *   and sliding a 16-digit window along it would be Luhn-valid every tenth step).
 * - No card starts with 0; cards starting with 1 are airline (UATP) cards of 15 digits; only Visa
 *   issued 13-digit cards, starting with 4. This leaves out millisecond (13 digits), microsecond
 *   (16) and nanosecond (19) timestamps, which start with 1, and zero-padded references.
 *   Beyond that no issuer (IIN) table: networks keep adding ranges, and a missed card costs more
 *   than a refused look-alike.
 * - Identifiers are recognised for what they are (look-alikes.ts): valid IBANs, UUIDs, hex
 *   digests and our own order numbers and payment references; their digits never join a card.
 *   In a phone field, a possible phone number is a phone number.
 */

export const CARD_MASK = '[card number removed]';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;

export function luhnValid(digits: string): boolean {
  return /^[0-9]+$/.test(digits) && luhnWindows(digits)(0, digits.length);
}

function issuable(first: string, length: number): boolean {
  if (first === '0') return false;
  if (first === '1') return length === 15;
  return length !== 13 || first === '4';
}

const isHex = (code: number) => (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 102);
const hexAt = (text: string, from: number, count: number) => {
  for (let i = from; i < from + count; i++) if (!isHex(text.charCodeAt(i))) return false;
  return true;
};

/** The fast path: a card needs 13 digits with no letter between them. Only non-ASCII characters
 * can be digits of other scripts (two at most each, as NFKC makes "㉑" into "21"), and a URL or
 * JSON escape may hide one, so those count as digits and an escape's own letters end nothing. Hex
 * ids, words with a few digits and log lines whose only long number is the time cost one pass. */
function mayHoldCardNumber(text: string): boolean {
  let run = 0;
  for (let i = 0; i < text.length && run < MIN_DIGITS; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) run += 1;
    else if (code >= 128) run += 2;
    else if (code === 37) {
      run += 1;
      if (hexAt(text, i + 1, 2)) i += 2;
    } else if (code === 92) {
      run += 1;
      i += text.charCodeAt(i + 1) === 117 && hexAt(text, i + 2, 4) ? 5 : 1;
    } else if ((code | 32) >= 97 && (code | 32) <= 122) run = 0;
  }
  return run >= MIN_DIGITS;
}

/** `mayHoldCardNumber` over UTF-8 bytes not yet decoded (an export reads PostgreSQL's bytes): true
 * whenever the decoded text passes it, so a false here means `maskCardNumbers` would return the text
 * unchanged. A lead byte counts what its character counts there (two per UTF-16 unit: four from
 * 0xF0, a character outside the BMP), continuation bytes nothing; ASCII letters end a run as there.
 * `%` and `\` (escapes, whose letters end nothing) are rare in stored text and answer true at once. */
export function mayHoldCardNumberUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  // No character counts more than its bytes (a digit 1, two to four bytes 2 or 4), so a run worth
  // 13 needs 13 bytes at least, there as here.
  if (end - start < MIN_DIGITS) return false;
  let run = 0;
  for (let i = start; i < end; i++) {
    const b = bytes[i]!;
    if (b >= 48 && b <= 57) run += 1;
    else if (b >= 0xc0) run += b >= 0xf0 ? 4 : 2;
    else if (b === 37 || b === 92) return true;
    else if ((b | 32) >= 97 && (b | 32) <= 122) run = 0;
    if (run >= MIN_DIGITS) return true;
  }
  return false;
}

/** Luhn sums of every window of `digits` in constant time, so a long chain of short groups costs
 * little: `sums[p][i]` adds the digits before i, doubling those whose position parity is not p.
 * A window ending at `end` doubles every other digit from its last, so it uses parity (end - 1) % 2. */
function luhnWindows(digits: string): (start: number, end: number) => boolean {
  const sums = [new Int32Array(digits.length + 1), new Int32Array(digits.length + 1)] as const;
  for (let i = 0; i < digits.length; i++) {
    const d = digits.charCodeAt(i) - 48;
    const doubled = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sums[0][i + 1] = sums[0][i]! + (i % 2 === 0 ? d : doubled);
    sums[1][i + 1] = sums[1][i]! + (i % 2 === 1 ? d : doubled);
  }
  return (start, end) => {
    const parity = sums[(end - 1) % 2]!;
    return (parity[end]! - parity[start]!) % 10 === 0;
  };
}

/** The windows of whole groups with 13 to 19 digits that could be a card, merged as they come:
 * starts only grow, so each start adds at most its longest window. */
function addChainHits({ groups }: DigitChain, hits: TextSpan[]) {
  const digits = groups.map((group) => group.digits).join('');
  const luhnOk = luhnWindows(digits);
  const offsets = [0];
  for (const group of groups) offsets.push(offsets[offsets.length - 1]! + group.digits.length);
  for (let a = 0; a < groups.length; a++) {
    const from = offsets[a]!;
    let longest: TextSpan | undefined;
    for (let b = a; b < groups.length && offsets[b + 1]! - from <= MAX_DIGITS; b++) {
      const to = offsets[b + 1]!;
      if (to - from >= MIN_DIGITS && issuable(digits[from]!, to - from) && luhnOk(from, to)) longest = { start: groups[a]!.start, end: groups[b]!.end };
    }
    const last = hits[hits.length - 1];
    if (longest && last && longest.start <= last.end) last.end = Math.max(last.end, longest.end);
    else if (longest) hits.push(longest);
  }
}

function hitsIn(text: string, opaque: readonly TextSpan[]): TextSpan[] {
  const hits: TextSpan[] = [];
  for (const chain of digitChains(text, MIN_DIGITS, opaque)) addChainHits(chain, hits);
  return hits;
}

/** Where card numbers are in `text`, as UTF-16 offsets into the string as given, in order.
 * `field` names where the text was found (`customer.phone`, a column name): in a phone field a
 * possible phone number is no card. Identifiers are looked for only once something Luhn-valid
 * was found, so that ordinary text and log lines cost one pass. */
export function findCardNumbers(text: string, field?: string): TextSpan[] {
  if (!mayHoldCardNumber(text)) return [];
  let hits = hitsIn(text, []);
  if (hits.length === 0) return hits;
  const identifiers = identifierSpans(text);
  if (identifiers.length > 0) hits = hitsIn(text, identifiers);
  return hits.length > 0 && isPhoneNumberIn(field, text) ? [] : hits;
}

export function containsCardNumber(text: string, field?: string): boolean {
  return findCardNumbers(text, field).length > 0;
}

/** The whole text is one card number, give or take separators around it: an identifier a client
 * chose (an Idempotency-Key) is refused only then, since elsewhere in it digits mean nothing. */
export function isCardNumber(text: string): boolean {
  const spans = findCardNumbers(text);
  return spans.length === 1 && !/[\p{L}\p{N}]/u.test(text.slice(0, spans[0]!.start) + text.slice(spans[0]!.end));
}

/** Replaces each card number, separators and all, with `[card number removed]`. Not even the last
 * four digits are kept: the result must never hold a digit run that was part of a card. */
export function maskCardNumbers(text: string, field?: string): string {
  const spans = findCardNumbers(text, field);
  let masked = text;
  for (let i = spans.length - 1; i >= 0; i--) {
    const { start, end } = spans[i]!;
    masked = masked.slice(0, start) + CARD_MASK + masked.slice(end);
  }
  return masked;
}
