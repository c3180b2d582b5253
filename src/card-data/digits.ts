/** Reads text the way a person reads a card number off it: digits of any script, with spaces,
 * dashes, dots and invisible characters between them, and positions kept in the original string
 * so a caller can mask exactly what was typed. detect.ts decides which of these are cards. */

/** Digits written together, e.g. "4242" in "4242 4242". */
export interface DigitGroup {
  start: number;
  end: number;
  digits: string;
  /** Part of a hex word such as a UUID chunk ("a456") or "DE89": an identifier, never a card. */
  inHexWord: boolean;
}

/** Groups joined by short separators, e.g. the four groups of "4242 4242 4242 4242". */
export interface DigitChain {
  groups: DigitGroup[];
  digitCount: number;
  /** Written right after a "+": an international phone number ("+49 30 1234567"). */
  afterPlus: boolean;
}

interface OpenGroup extends DigitGroup {
  touchesLetter: boolean;
}
interface OpenChain extends DigitChain {
  groups: OpenGroup[];
}

type Kind = 'digit' | 'sep' | 'invisible' | 'letter' | 'other';
/** What one character (or one escape for it) counts as; `size` is its length in the text. */
interface Token {
  kind: Kind;
  size: number;
  digits: string;
  plus: boolean;
}

/** More separators than this between two groups ("4242 - 4242" has 3) end the chain. */
const MAX_GAP = 3;
const ND = /\p{Nd}/u;
const INVISIBLE = /[\p{Cf}\p{M}]/u;
const SEPARATOR = /[\s\p{Pd}\u2212\u00B7\u2024\u2027\u2219\u22C5\u3002\u30FB\uFF0E\uFF61]/u;
const LETTER = /\p{L}/u;
const ASCII_SEPARATORS = ' \t\n\r\f\v-.+';
const JSON_SEPARATOR_ESCAPES = 'nrtfv';

const token = (kind: Kind, size: number, digits = '', plus = false): Token => ({ kind, size, digits, plus });

function asciiToken(code: number): Token {
  const ch = String.fromCharCode(code);
  if (code >= 48 && code <= 57) return token('digit', 1, ch);
  if (ASCII_SEPARATORS.includes(ch)) return token('sep', 1, '', ch === '+');
  const lower = code | 32;
  return token(lower >= 97 && lower <= 122 ? 'letter' : 'other', 1);
}
/** Shared and never changed: most text is ASCII, and this keeps its scan free of allocation. */
const ASCII_TOKENS: readonly Token[] = Array.from({ length: 128 }, (_, code) => asciiToken(code));

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
  if (SEPARATOR.test(ch)) return token('sep', size);
  if (LETTER.test(ch)) return token('letter', size);
  // NFKC: superscript and circled digits, the full-width plus sign.
  const compat = ch.normalize('NFKC');
  if (/^[0-9]+$/.test(compat)) return token('digit', size, compat);
  if (compat.length === 1 && ASCII_SEPARATORS.includes(compat)) return token('sep', size, '', compat === '+');
  return token('other', size);
}

/** "%E2%80%8B" in a URL is a zero-width space, "%20" a space: decode one UTF-8 character.
 * An encoded letter is not a letter next to digits: it does not make a hex word. */
function percentToken(s: string, i: number): Token {
  const bytes: number[] = [];
  for (let j = i; bytes.length < 4 && s[j] === '%' && /^[0-9A-Fa-f]{2}$/.test(s.slice(j + 1, j + 3)); j += 3) {
    bytes.push(parseInt(s.slice(j + 1, j + 3), 16));
  }
  const size = bytes[0] === undefined ? 0 : bytes[0] < 0x80 ? 1 : bytes[0] >= 0xf0 ? 4 : bytes[0] >= 0xe0 ? 3 : 2;
  if (size === 0 || bytes.length < size) return ASCII_TOKENS[37]!;
  const ch = Buffer.from(bytes.slice(0, size)).toString('utf8');
  const decoded = classify(ch, 3 * size);
  return ch.includes('\uFFFD') || decoded.kind === 'letter' ? ASCII_TOKENS[37]! : decoded;
}

/** Escapes as they appear in JSON log lines: "\n" and "\u00A0" separate, "\\" is not an escape. */
function backslashToken(s: string, i: number): Token {
  const next = s[i + 1] ?? '';
  if (next !== '' && JSON_SEPARATOR_ESCAPES.includes(next)) return token('sep', 2);
  const hex = next === 'u' ? s.slice(i + 2, i + 6) : '';
  if (/^[0-9A-Fa-f]{4}$/.test(hex)) {
    const decoded = classify(String.fromCharCode(parseInt(hex, 16)), 6);
    return decoded.kind === 'letter' ? token('other', 6) : decoded;
  }
  return token('other', next === '' ? 1 : 2);
}

function readToken(s: string, i: number): Token {
  const code = s.charCodeAt(i);
  if (code === 37) return percentToken(s, i);
  if (code === 92) return backslashToken(s, i);
  if (code < 128) return ASCII_TOKENS[code]!;
  const cp = s.codePointAt(i)!;
  return classify(String.fromCodePoint(cp), cp > 0xffff ? 2 : 1);
}

function isHexWord(s: string, start: number, end: number): boolean {
  let from = start;
  let to = end;
  while (from > 0 && /[0-9A-Za-z]/.test(s[from - 1]!)) from--;
  while (to < s.length && /[0-9A-Za-z]/.test(s[to]!)) to++;
  const word = s.slice(from, to);
  return /[A-Za-z]/.test(word) && /^[0-9A-Fa-f]+$/.test(word);
}

/** Every chain of digit groups in `s` holding at least `minDigits` digits. */
export function digitChains(s: string, minDigits: number): DigitChain[] {
  const chains: DigitChain[] = [];
  let chain: OpenChain = { groups: [], digitCount: 0, afterPlus: false };
  let group: OpenGroup | undefined;
  let gap = 0;
  let prev = ASCII_TOKENS[0]!;
  const flush = () => {
    if (chain.groups.length === 0) return;
    if (chain.digitCount >= minDigits) {
      for (const g of chain.groups) g.inHexWord = g.touchesLetter && isHexWord(s, g.start, g.end);
      chains.push(chain);
    }
    chain = { groups: [], digitCount: 0, afterPlus: false };
    group = undefined;
  };
  for (let i = 0; i < s.length; ) {
    const t = readToken(s, i);
    if (t.kind === 'digit') {
      if (group && gap === 0) {
        group.digits += t.digits;
        group.end = i + t.size;
      } else {
        if (!group) chain.afterPlus = prev.plus;
        group = { start: i, end: i + t.size, digits: t.digits, inHexWord: false, touchesLetter: prev.kind === 'letter' };
        chain.groups.push(group);
      }
      chain.digitCount += t.digits.length;
      gap = 0;
    } else if (t.kind === 'sep') {
      if (group && ++gap > MAX_GAP) flush();
    } else if (t.kind === 'letter' || t.kind === 'other') {
      if (group && gap === 0 && t.kind === 'letter') group.touchesLetter = true;
      flush();
    }
    if (t.kind !== 'invisible') prev = t;
    i += t.size;
  }
  flush();
  return chains;
}
