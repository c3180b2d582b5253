/** Reads text the way a person reads a card number off it: digits of any script, with any
 * non-alphanumeric characters between them and invisible ones anywhere, and positions kept in the
 * original string so a caller can mask exactly what was typed. detect.ts decides which of these
 * are cards. */

export interface TextSpan {
  start: number;
  end: number;
}

/** Digits written together, e.g. "4242" in "4242 4242". */
export interface DigitGroup extends TextSpan {
  digits: string;
}

/** Groups with nothing but separators between them, e.g. the four groups of "4242 4242 4242 4242". */
export interface DigitChain {
  groups: DigitGroup[];
  digitCount: number;
}

/** A letter ends a chain; a separator ends a group; an invisible character ends nothing. */
type Kind = 'digit' | 'sep' | 'invisible' | 'letter';
/** What one character (or one escape for it) counts as; `size` is its length in the text. */
interface Token {
  kind: Kind;
  size: number;
  digits: string;
}

const ND = /\p{Nd}/u;
const INVISIBLE = /[\p{Cf}\p{M}]/u;
const LETTER = /\p{L}/u;
const JSON_ESCAPES = '"\\/bfnrt';

const token = (kind: Kind, size: number, digits = ''): Token => ({ kind, size, digits });

function asciiToken(code: number): Token {
  if (code >= 48 && code <= 57) return token('digit', 1, String.fromCharCode(code));
  const lower = code | 32;
  return token(lower >= 97 && lower <= 122 ? 'letter' : 'sep', 1);
}
/** Shared and never changed: most text is ASCII, and this keeps its scan free of allocation. */
const ASCII_TOKENS: readonly Token[] = Array.from({ length: 128 }, (_, code) => asciiToken(code));
const ASCII_SEPARATOR = ASCII_TOKENS[32]!;

/** Unicode encodes every decimal digit set as ten consecutive code points from zero, so a digit's
 * value is its distance from the start of its run. Cached: there are only a few hundred. */
const ndValues = new Map<number, number>();
function ndValue(cp: number): number {
  let value = ndValues.get(cp);
  if (value === undefined) {
    let zero = cp;
    while (zero > 0 && ND.test(String.fromCodePoint(zero - 1))) zero--;
    value = (cp - zero) % 10;
    ndValues.set(cp, value);
  }
  return value;
}

/** One character (one code point) written in `size` characters of the text. */
function classify(ch: string, size: number): Token {
  const code = ch.charCodeAt(0);
  if (code < 128) return size === 1 ? ASCII_TOKENS[code]! : { ...ASCII_TOKENS[code]!, size };
  if (ND.test(ch)) return token('digit', size, String(ndValue(ch.codePointAt(0)!)));
  if (INVISIBLE.test(ch)) return token('invisible', size);
  if (LETTER.test(ch)) return token('letter', size);
  // NFKC: superscript and circled digits ("²", "⑳"), letter-like symbols ("№", "㎒").
  const compat = ch.normalize('NFKC');
  if (LETTER.test(compat)) return token('letter', size);
  const digits = compat.replace(/[^0-9]/g, '');
  return digits ? token('digit', size, digits) : token('sep', size);
}

/** "%E2%80%8B" in a URL is a zero-width space, "%20" a space: decode one UTF-8 character. */
function percentToken(s: string, i: number): Token {
  const bytes: number[] = [];
  for (let j = i; bytes.length < 4 && s[j] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(j + 1, j + 3)); j += 3) {
    bytes.push(parseInt(s.slice(j + 1, j + 3), 16));
  }
  const size = bytes[0] === undefined ? 0 : bytes[0] < 0x80 ? 1 : bytes[0] >= 0xf0 ? 4 : bytes[0] >= 0xe0 ? 3 : 2;
  if (size === 0 || bytes.length < size) return ASCII_SEPARATOR;
  const ch = Buffer.from(bytes.slice(0, size)).toString('utf8');
  return ch.includes('\uFFFD') ? ASCII_SEPARATOR : classify(ch, 3 * size);
}

/** Escapes as they appear in JSON log lines: "\n" and "\u00A0" separate, "\u0034" is a 4. */
function backslashToken(s: string, i: number): Token {
  const next = s[i + 1] ?? '';
  if (next !== '' && JSON_ESCAPES.includes(next)) return token('sep', 2);
  const hex = next === 'u' ? s.slice(i + 2, i + 6) : '';
  if (/^[0-9A-Fa-f]{4}$/.test(hex)) return classify(String.fromCharCode(parseInt(hex, 16)), 6);
  return ASCII_SEPARATOR;
}

function readToken(s: string, i: number): Token {
  const code = s.charCodeAt(i);
  if (code === 37) return percentToken(s, i);
  if (code === 92) return backslashToken(s, i);
  if (code < 128) return ASCII_TOKENS[code]!;
  const cp = s.codePointAt(i)!;
  return classify(String.fromCodePoint(cp), cp > 0xffff ? 2 : 1);
}

/** Every chain of digit groups in `s` holding at least `minDigits` digits. `opaque` spans (sorted,
 * not overlapping) are identifiers: read as a word, so their digits never join a chain. */
export function digitChains(s: string, minDigits: number, opaque: readonly TextSpan[] = []): DigitChain[] {
  const chains: DigitChain[] = [];
  let chain: DigitChain = { groups: [], digitCount: 0 };
  let group: DigitGroup | undefined;
  let separated = false;
  let nextOpaque = 0;
  const flush = () => {
    if (chain.digitCount >= minDigits) chains.push(chain);
    chain = { groups: [], digitCount: 0 };
    group = undefined;
  };
  for (let i = 0; i < s.length;) {
    const id = opaque[nextOpaque];
    if (id && i >= id.start) {
      flush();
      i = Math.max(i, id.end);
      nextOpaque++;
      continue;
    }
    const t = readToken(s, i);
    if (t.kind === 'digit') {
      if (group && !separated) {
        group.digits += t.digits;
        group.end = i + t.size;
      } else {
        group = { start: i, end: i + t.size, digits: t.digits };
        chain.groups.push(group);
      }
      chain.digitCount += t.digits.length;
      separated = false;
    } else if (t.kind === 'sep') {
      separated = true;
    } else if (t.kind === 'letter') {
      flush();
    }
    i += t.size;
  }
  flush();
  return chains;
}
