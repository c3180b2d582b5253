import { maskCardNumbers, mayHoldCardNumberUtf8 } from '../../src/card-data';
import { CORPUS, generatedRefuseCases } from './cases';

/** The exports look at free text as PostgreSQL's bytes first, and decode only what this flags:
 * a cell it passes over must be one the detector would leave unchanged. */
const flagged = (text: string) => {
  const bytes = Buffer.from(`..${text}..`, 'utf8');
  return mayHoldCardNumberUtf8(bytes, 2, bytes.length - 2);
};

/** Deterministic (mulberry32), so a failure names the same string on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Digits of several scripts and widths (one to four UTF-8 bytes), letters, separators and
 * invisible characters; then the same with escapes, which are flagged whatever follows them. */
const PIECES = [...'0123456789', '4111', '4242', ' ', '-', ',', '\n', 'a', 'Z', 'e', 'u', '٤', '४', '４', '𝟒', '㉑', 'é', 'ß', '\u200b', '\u00a0'];
const ESCAPES = ['%2D', '%', '\\', '\\u0034'];

describe('the first look at free text as UTF-8 bytes', () => {
  test.each([...CORPUS.refuse, ...generatedRefuseCases()].map((c) => [c.name, c.text] as const))('flags %s', (_name, text) => {
    expect(maskCardNumbers(text)).not.toBe(text);
    expect(flagged(text)).toBe(true);
  });

  test.each([
    ['without escapes', PIECES],
    ['with escapes', [...PIECES, ...ESCAPES]],
  ])('flags every random text (%s) in which the detector masks something', (_what, pieces) => {
    const next = random(17);
    let masked = 0;
    for (let n = 0; n < 20_000; n++) {
      let text = '';
      for (let len = 4 + Math.floor(next() * 30); len > 0; len--) text += pieces[Math.floor(next() * pieces.length)];
      if (maskCardNumbers(text) === text) continue;
      masked++;
      if (!flagged(text)) throw new Error(`not flagged: ${JSON.stringify(text)}`);
    }
    // The texts must exercise the rule: many of them do hold a card number.
    expect(masked).toBeGreaterThan(300);
  });

  test('passes over names, emails and references that cannot hold one, accented or not', () => {
    for (const text of ['Zoë Müller-Lüdenscheid', 'buyer123456789@example.com', 'HO-2026-000123', 'Søren Nguyễn', 'pi_seed_0190abcd1234', 'Initech, Inc.', 'RF-0001'])
      expect(flagged(text)).toBe(false);
    expect(flagged('Ref 1234567890123')).toBe(true);
  });
});
