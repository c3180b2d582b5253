import { isPossiblePhoneNumber } from 'libphonenumber-js';
import type { TextSpan } from './digits';

/** What looks like a card number and is not, each recognised for what it is by its own rule
 * rather than by loosening the card rule: identifiers by their exact shapes or check digits
 * (opaque: their digits never join a card), and phone numbers in phone fields. */

const UUID = /(?<![0-9A-Za-z-])[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}(?![0-9A-Za-z-])/g;
/** Hex digests as we and others store them (MD5, SHA-1, SHA-256, SHA-512, 32-character truncations):
 * one in a few hundred holds a Luhn-valid run of 13–19 digits between its letters. */
const HEX_DIGEST = /(?<![0-9A-Za-z])[0-9A-Fa-f]{32,128}(?![0-9A-Za-z])/g;
const DIGEST_LENGTHS = new Set([32, 40, 64, 128]);
/** Our order numbers (orders.repository.ts `nextOrderNumber`: year and a zero-padded sequence) and
 * payment references (payments/offline `newPaymentReference`: 8 characters without look-alikes). */
const ORDER_NUMBER = /(?<![0-9A-Za-z])HO-20\d{2}-\d{6,9}(?![0-9A-Za-z])/g;
const PAYMENT_REFERENCE = /(?<![0-9A-Za-z])HO-[2-9ABCDEFGHJKMNPQRSTVWXYZ]{8}(?![0-9A-Za-z])/g;
/** The processor's object ids as we store them from its answers (`pi_3MtwBwLkdIwHu7ix28a3tqPa`,
 * `cs_test_a1…`, `re_…`): a type prefix, an underscore, then random letters and digits. */
const PROCESSOR_ID = /(?<![0-9A-Za-z_])(?:acct|ch|cs|cus|dp|evt|in|pi|pm|py|re|req|seti|sub|txn)_[0-9A-Za-z_]{14,}(?![0-9A-Za-z_])/g;
/** Dates and times of day as programs write them (ISO 8601, SQL, RFC 5322 mail headers, European
 * dotted dates): "2026-12-01 21:00:21 +0000" is 14 digits in whole groups. No issuer range starts
 * with 19 or 20, and a time is at most two digits before its colon, so no card is taken for one. */
const DATE = /(?<![0-9])(?:(?:19|20)\d{2}[-/](?:0?[1-9]|1[0-2])[-/](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?:19|20)\d{2})(?![0-9])/g;
const TIME = /(?<![0-9])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?(?:\s?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d))?(?![0-9])/g;
/** Where an IBAN may start: a country code and two check digits at the start of a word. */
const IBAN_START = /(?<![0-9A-Za-z])[A-Za-z]{2}\d{2}/g;
const IBAN_MIN = 15;
const IBAN_MAX = 34;

const spansOf = (text: string, pattern: RegExp, keep: (m: string) => boolean = () => true): TextSpan[] =>
  [...text.matchAll(pattern)].filter((m) => keep(m[0])).map((m) => ({ start: m.index, end: m.index + m[0].length }));

/** ISO 13616: the country code and check digits moved to the end, letters as 10–35, mod 97 is 1. */
function ibanValid(iban: string): boolean {
  let rest = 0;
  for (const ch of iban.slice(4) + iban.slice(0, 4)) {
    const value = parseInt(ch, 36);
    rest = (rest * (value > 9 ? 100 : 10) + value) % 97;
  }
  return rest === 1;
}

/** The longest valid IBAN from `start`, written compact or in groups with single spaces. */
function ibanAt(text: string, start: number): TextSpan | undefined {
  let chars = '';
  let found: TextSpan | undefined;
  for (let i = start; i < text.length && chars.length < IBAN_MAX; i++) {
    const ch = text[i]!;
    if (ch === ' ' && chars.length > 0 && text[i - 1] !== ' ') continue;
    if (!/[0-9A-Za-z]/.test(ch)) break;
    chars += ch.toUpperCase();
    const atWordEnd = !/[0-9A-Za-z]/.test(text[i + 1] ?? '');
    if (chars.length >= IBAN_MIN && atWordEnd && ibanValid(chars)) found = { start, end: i + 1 };
  }
  return found;
}

/** Spans of the identifiers in `text`, sorted and merged. */
export function identifierSpans(text: string): TextSpan[] {
  const ibans = [...text.matchAll(IBAN_START)].map((m) => ibanAt(text, m.index)).filter((s): s is TextSpan => s !== undefined);
  const spans = [
    ...ibans,
    ...spansOf(text, UUID),
    ...spansOf(text, HEX_DIGEST, (m) => DIGEST_LENGTHS.has(m.length)),
    ...spansOf(text, ORDER_NUMBER),
    ...spansOf(text, PAYMENT_REFERENCE),
    ...spansOf(text, PROCESSOR_ID),
    ...spansOf(text, DATE),
    ...spansOf(text, TIME),
  ].sort((a, b) => a.start - b.start);
  const merged: TextSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

/** `customer.phone`, `customer_phone`, `phone_number`, `tel`: the last segment of a path or a column name. */
export function isPhoneField(field: string): boolean {
  const name = (field.split('.').pop() ?? '').toLowerCase().replace(/[^a-z]/g, '');
  return name.endsWith('phone') || name.endsWith('phonenumber') || name === 'tel' || name === 'mobile';
}

/** In a phone field, a whole value that is a possible phone number (libphonenumber-js: a country
 * code and a length that country issues) is one, even where its digits pass the Luhn check. */
export function isPhoneNumberIn(field: string | undefined, text: string): boolean {
  if (field === undefined || !isPhoneField(field)) return false;
  return isPossiblePhoneNumber(text.normalize('NFKC').replace(/[\p{Cf}\p{M}]/gu, ''));
}
