import { digitChains, type DigitChain } from './digits';

/** Finds payment card numbers (PANs) in text, so that none is ever accepted, stored or logged.
 *
 * A card number here is 13 to 19 digits that pass the Luhn check, read after Unicode
 * normalisation (any script's digits, full-width, circled) with spaces, dashes, dots, "+",
 * invisible characters and their URL or JSON escapes allowed between digit groups.
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
 * - Digits right after a "+", 15 or fewer in all, are an international phone number (E.164).
 * - Digits inside a hex word (UUID chunks, hashes), inside a valid IBAN (mod-97) or inside a
 *   UUID (8-4-4-4-12 hex groups, what most clients send as an Idempotency-Key) are not cards. A
 *   random UUID whose groups happen to be all digits held a Luhn-valid window about once in four
 *   thousand keys, and such a checkout was refused.
 */

export interface TextSpan {
  start: number;
  end: number;
}

export const CARD_MASK = '[card number removed]';

const MIN_DIGITS = 13;
const MAX_DIGITS = 19;
const MAX_PHONE_DIGITS = 15;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/gi;
const UUID = /(?<![0-9A-Fa-f-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Fa-f-])/g;

export function luhnValid(digits: string): boolean {
  return /^[0-9]+$/.test(digits) && luhnWindows(digits)(0, digits.length);
}

function issuable(first: string, length: number): boolean {
  if (first === '0') return false;
  if (first === '1') return length === 15;
  return length !== 13 || first === '4';
}

/** The fast path: most text has fewer than 13 digits, and only non-ASCII characters can be
 * digits of other scripts (two at most each, as NFKC makes "㉑" into "21"). */
function mayHoldCardNumber(text: string): boolean {
  let possible = 0;
  for (let i = 0; i < text.length && possible < MIN_DIGITS; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) possible += 1;
    else if (code >= 128) possible += 2;
  }
  return possible >= MIN_DIGITS;
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
function addChainHits({ groups, digitCount, afterPlus }: DigitChain, isIdentifier: (span: TextSpan) => boolean, hits: TextSpan[]) {
  if (afterPlus && digitCount <= MAX_PHONE_DIGITS) return;
  const digits = groups.map((group) => group.digits).join('');
  const luhnOk = luhnWindows(digits);
  const offsets = [0];
  for (const group of groups) offsets.push(offsets[offsets.length - 1]! + group.digits.length);
  for (let a = 0; a < groups.length; a++) {
    const from = offsets[a]!;
    let longest: TextSpan | undefined;
    for (let b = a; b < groups.length && !groups[b]!.inHexWord && offsets[b + 1]! - from <= MAX_DIGITS; b++) {
      const to = offsets[b + 1]!;
      if (to - from < MIN_DIGITS || !issuable(digits[from]!, to - from) || !luhnOk(from, to)) continue;
      const span = { start: groups[a]!.start, end: groups[b]!.end };
      if (!isIdentifier(span)) longest = span;
    }
    const last = hits[hits.length - 1];
    if (longest && last && longest.start <= last.end) last.end = Math.max(last.end, longest.end);
    else if (longest) hits.push(longest);
  }
}

/** Spans of valid IBANs and of UUIDs: identifiers whose digits are never a card. */
function identifierSpans(text: string): TextSpan[] {
  const ibans = [...text.matchAll(IBAN)].filter((m) => ibanValid(m[0].replace(/ /g, '').toUpperCase()));
  return [...ibans, ...text.matchAll(UUID)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

function ibanValid(iban: string): boolean {
  let rest = 0;
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    const value = parseInt(ch, 36);
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

/** Where card numbers are in `text`, as UTF-16 offsets into the string as given, in order. */
export function findCardNumbers(text: string): TextSpan[] {
  if (!mayHoldCardNumber(text)) return [];
  let identifiers: TextSpan[] | undefined;
  const isIdentifier = (span: TextSpan) => (identifiers ??= identifierSpans(text)).some((id) => id.start <= span.start && span.end <= id.end);
  const hits: TextSpan[] = [];
  for (const chain of digitChains(text, MIN_DIGITS)) addChainHits(chain, isIdentifier, hits);
  return hits;
}

export function containsCardNumber(text: string): boolean {
  return findCardNumbers(text).length > 0;
}

/** Replaces each card number, separators and all, with `[card number removed]`. Not even the last
 * four digits are kept: the result must never hold a digit run that was part of a card. */
export function maskCardNumbers(text: string): string {
  const spans = findCardNumbers(text);
  let masked = text;
  for (let i = spans.length - 1; i >= 0; i--) {
    const { start, end } = spans[i]!;
    masked = masked.slice(0, start) + CARD_MASK + masked.slice(end);
  }
  return masked;
}
