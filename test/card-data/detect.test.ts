import { CARD_MASK, containsCardNumber, findCardNumbers, isCardNumber, luhnValid, maskCardNumbers } from '../../src/card-data';
import { CORPUS as SHARED_CORPUS, generatedRefuseCases, TEST_PANS } from './cases';

/** The networks' public test numbers, with the grouping printed on the card. */
const CARDS: Array<[network: string, pan: string, groups: number[]]> = [
  ['Visa 13', '4222222222222', [4, 4, 5]],
  ['Visa 16', '4242424242424242', [4, 4, 4, 4]],
  ['Visa 16', '4111111111111111', [4, 4, 4, 4]],
  ['Mastercard 5-series', '5555555555554444', [4, 4, 4, 4]],
  ['Mastercard 2-series', '2223003122003222', [4, 4, 4, 4]],
  ['Amex', '378282246310005', [4, 6, 5]],
  ['Amex', '371449635398431', [4, 6, 5]],
  ['Discover', '6011111111111117', [4, 4, 4, 4]],
  ['JCB', '3566002020360505', [4, 4, 4, 4]],
  ['Diners 14', '36227206271667', [4, 6, 4]],
  ['UnionPay 16', '6200000000000005', [4, 4, 4, 4]],
  ['UnionPay 19', '6205500000000000004', [4, 4, 4, 4, 3]],
];

const grouped = (pan: string, groups: number[], sep: string) => {
  const parts: string[] = [];
  for (let at = 0, i = 0; i < groups.length; at += groups[i]!, i++) parts.push(pan.slice(at, at + groups[i]!));
  return parts.join(sep);
};
const inScript = (zero: number) => (text: string) => text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));

/** How a shopper might type or paste the number: each maps (pan, groups) to text. */
const FORMS: Array<[form: string, (pan: string, groups: number[]) => string]> = [
  ['plain', (pan) => pan],
  ['spaces', (pan, g) => grouped(pan, g, ' ')],
  ['dashes', (pan, g) => grouped(pan, g, '-')],
  ['dots', (pan, g) => grouped(pan, g, '.')],
  ['en dashes', (pan, g) => grouped(pan, g, ' \u2013 ')],
  ['full-width digits', (pan, g) => inScript(0xff10)(grouped(pan, g, ' '))],
  ['Arabic-Indic digits', (pan, g) => inScript(0x0660)(grouped(pan, g, ' '))],
  ['Eastern Arabic digits', (pan) => inScript(0x06f0)(pan)],
  ['Devanagari digits', (pan, g) => inScript(0x0966)(grouped(pan, g, '-'))],
  ['zero-width spaces', (pan, g) => grouped(pan, g, '\u200b')],
  ['zero-width joiners', (pan) => pan.split('').join('\u200d')],
  ['word joiner and BOM', (pan, g) => grouped(pan, g, '\u2060\ufeff')],
  ['soft hyphens', (pan, g) => grouped(pan, g, '\u00ad')],
  ['no-break spaces', (pan, g) => grouped(pan, g, '\u00a0')],
  ['narrow and thin spaces', (pan, g) => grouped(pan, g, '\u202f\u2009')],
  ['URL-encoded spaces', (pan, g) => grouped(pan, g, '%20')],
  ['form-encoded spaces', (pan, g) => grouped(pan, g, '+')],
];

const CORPUS = CARDS.flatMap(([network, pan, groups]) => FORMS.map(([form, write]) => [`${network} ${pan} with ${form}`, write(pan, groups)] as const));

describe('card numbers in the corpus', () => {
  test.each(CARDS)('the %s test number %s passes the Luhn check', (_network, pan) => {
    expect(luhnValid(pan)).toBe(true);
  });

  test.each(CORPUS)('%s is found', (_name, text) => {
    expect(containsCardNumber(text)).toBe(true);
    expect(findCardNumbers(text)).toEqual([{ start: 0, end: text.length }]);
  });

  test.each(CORPUS)('%s is masked without leaving a digit', (_name, text) => {
    const masked = maskCardNumbers(`my card is ${text} thanks`);
    expect(masked).toBe(`my card is ${CARD_MASK} thanks`);
    expect(masked).not.toMatch(/\p{Nd}/u);
  });
});

describe('finding card numbers inside longer text', () => {
  test('positions point into the original text, so several numbers are masked exactly', () => {
    const text = 'first ４２４２ ４２４２ ４２４２ ４２４２, then 3782-822463-10005 (amex).';
    const spans = findCardNumbers(text);
    expect(spans.map(({ start, end }) => text.slice(start, end))).toEqual(['４２４２ ４２４２ ４２４２ ４２４２', '3782-822463-10005']);
    expect(maskCardNumbers(text)).toBe(`first ${CARD_MASK}, then ${CARD_MASK} (amex).`);
  });

  test('a card number after other digit groups is found from its own first group', () => {
    expect(maskCardNumbers('ref 2026 4242 4242 4242 4242 exp 12/29')).toBe(`ref 2026 ${CARD_MASK} exp 12/29`);
  });

  test('a card number glued to a word, a colon or a quote is found', () => {
    expect(containsCardNumber('card:4242424242424242')).toBe(true);
    expect(containsCardNumber('Visa4242424242424242')).toBe(true);
    expect(containsCardNumber('"4242424242424242"')).toBe(true);
  });

  test('a card number split by escaped newlines in a JSON log line is found', () => {
    expect(containsCardNumber(String.raw`{"msg":"4242\n4242\n4242\n4242"}`)).toBe(true);
    expect(containsCardNumber(String.raw`{"msg":"4242\u00a04242\u00a04242\u00a04242"}`)).toBe(true);
  });

  test('digits never come out of the middle of a longer contiguous run', () => {
    // 4242424242424242 is inside, but a 20-digit run is some other number.
    expect(containsCardNumber('42424242424242420000')).toBe(false);
  });

  test('a long text with no card number is answered quickly from the digit count', () => {
    expect(containsCardNumber('item 12, qty 3, price 4900 '.repeat(1000).replace(/\d/g, 'x'))).toBe(false);
  });
});

/** The first number from `start` upwards that passes the Luhn check. */
const nextLuhnValid = (start: bigint) => {
  for (let n = start; ; n++) if (luhnValid(String(n))) return String(n);
};

describe('look-alikes pass', () => {
  test.each(CARDS)('%s %s with its last digit changed fails the Luhn check', (_network, pan) => {
    const wrong = pan.slice(0, -1) + String((Number(pan.at(-1)) + 1) % 10);
    expect(containsCardNumber(wrong)).toBe(false);
  });

  test('millisecond, microsecond and nanosecond timestamps, even Luhn-valid ones', () => {
    for (const stamp of [nextLuhnValid(1767225600000n), nextLuhnValid(1767225600000000n), nextLuhnValid(1767225600000000000n)]) {
      expect(luhnValid(stamp)).toBe(true);
      expect(containsCardNumber(`{"time":${stamp},"msg":"ok"}`)).toBe(false);
    }
    expect(containsCardNumber(String(Date.now()))).toBe(false);
  });

  test('international phone numbers in a phone field, even one whose digits pass the Luhn check', () => {
    expect(luhnValid('4915123456704')).toBe(true);
    for (const phone of ['+49 30 1234567', '+1 (415) 555-2671', '+49 1512 3456704', '+4915123456704', '+44 20 7946 0958']) {
      expect(containsCardNumber(phone, 'customer.phone')).toBe(false);
      expect(containsCardNumber(phone, 'customer_phone')).toBe(false);
    }
    // Outside a phone field a "+" hides nothing: "+4222222222222" is a 13-digit Visa test number.
    for (const phone of ['+49 30 1234567', '+1 (415) 555-2671', '+44 20 7946 0958']) expect(containsCardNumber(phone)).toBe(false);
    for (const text of ['+49 1512 3456704', '+4915123456704', '+4222222222222']) expect(containsCardNumber(text, 'customer.name')).toBe(true);
  });

  test('IBANs, even one where some digit groups pass the Luhn check on their own', () => {
    expect(containsCardNumber('3704 0044 0532 0130 01')).toBe(true);
    for (const iban of ['DE89 3704 0044 0532 0130 00', 'GB82 WEST 1234 5698 7654 32', 'DE62 3704 0044 0532 0130 01', 'DE62370400440532013001']) {
      expect(containsCardNumber(`pay to ${iban}, thanks`)).toBe(false);
    }
  });

  test('our order numbers and offline references', () => {
    expect(containsCardNumber('HO-2026-000123')).toBe(false);
    expect(containsCardNumber('HO-2026-000123 HO-2026-000124, HO-7K3F9Q HO-7K3F9R')).toBe(false);
  });

  test('UUIDs, even one whose last two chunks would pass as a card', () => {
    const last = nextLuhnValid(456426614174000n).slice(3);
    expect(containsCardNumber(`456-${last}`)).toBe(true);
    expect(containsCardNumber(`123e4567-e89b-12d3-a456-${last}`)).toBe(false);
  });

  test('UUIDs whose chunks are all digits, as random Idempotency-Keys sometimes are', () => {
    // "4242" + "424242424242" is the Luhn-valid 4242424242424242 across the last two chunks.
    expect(containsCardNumber('4242-424242424242')).toBe(true);
    for (const uuid of ['00000000-0000-4242-4242-424242424242', '31415926-5358-4979-8323-846264338327', '00000000-0000-4242-4242-424242424242'.toUpperCase()]) {
      expect(containsCardNumber(uuid)).toBe(false);
      expect(containsCardNumber(`key ${uuid}, again`)).toBe(false);
    }
    // A card next to a UUID is still found.
    expect(containsCardNumber('00000000-0000-4242-4242-424242424242 4242 4242 4242 4242')).toBe(true);
  });

  test('grouped Luhn-invalid numbers, numbers starting with 0 and short numbers', () => {
    expect(containsCardNumber('4242 4242 4242 4241')).toBe(false);
    expect(containsCardNumber('0000 0000 0000 0000')).toBe(false);
    expect(containsCardNumber('4242 4242 4242')).toBe(false);
    expect(containsCardNumber('quantity 4, amount 4900 USD')).toBe(false);
  });
});

describe('luhnValid', () => {
  test('takes ASCII digits only', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4242 4242 4242 4242')).toBe(false);
  });
});

describe('the shared corpus and more cases made from public test numbers', () => {
  test.each(SHARED_CORPUS.refuse.map((c) => [c.name, c.text] as const))('refused: %s, in free text and in a phone field, masked without a digit left', (_name, text) => {
    expect(containsCardNumber(text)).toBe(true);
    expect(containsCardNumber(text, 'customer.phone')).toBe(true);
    expect(maskCardNumbers(text)).not.toMatch(/\p{Nd}{4}/u);
  });

  test.each(TEST_PANS)('the %s test number %s passes the Luhn check', (_network, pan) => {
    expect(luhnValid(pan)).toBe(true);
  });

  test.each(generatedRefuseCases().map((c) => [c.name, c.text] as const))('refused: %s', (_name, text) => {
    expect(findCardNumbers(text)).toHaveLength(1);
    expect(maskCardNumbers(`note: ${text}; thanks`)).toMatch(/^note: \P{Nd}*\[card number removed\]\P{Nd}*; thanks$/u);
  });

  test.each(SHARED_CORPUS.pass.map((c) => [c.name, c.text, c.field] as const))('accepted: %s (%s) in the %s field', (_name, text, field) => {
    expect(containsCardNumber(text, field)).toBe(false);
    expect(containsCardNumber(text, `customer.${field}`)).toBe(false);
  });

  test('a phone field takes a possible phone number only: a card number written like one is still refused', () => {
    expect(containsCardNumber('+1 415 555 2671', 'phone')).toBe(false);
    for (const text of ['+378282246310005', '+4222222222222', '+41 1111 1111 1111 11', '4111 1111 1111 1111']) expect(containsCardNumber(text, 'phone')).toBe(true);
  });

  test.each(SHARED_CORPUS.opaque.map((c) => [c.name, c.text] as const))('opaque: %s is an identifier, not a card number', (_name, text) => {
    expect(isCardNumber(text)).toBe(false);
  });

  test('a whole card number is one, however it is spaced; one inside an identifier is not the whole', () => {
    expect(isCardNumber(' 4111-1111-1111-1111 ')).toBe(true);
    expect(isCardNumber('key-4111111111111111')).toBe(false);
  });

  test('valid IBANs, UUIDs, digests, processor ids and our references keep their digits to themselves', () => {
    expect(containsCardNumber('DE89 3704 0044 0532 0130 00 4111 1111')).toBe(false);
    expect(containsCardNumber('DE89 3704 0044 0532 0130 00 4111 1111 1111 1111')).toBe(true);
    expect(containsCardNumber('HO-2026-000123 4111 1111 1111')).toBe(false);
    expect(containsCardNumber('HO-46TY7A3D 4111 1111 1111 1111')).toBe(true);
    expect(containsCardNumber(`sha256 ${'a'.repeat(20)}4111111111111111${'b'.repeat(28)} done`)).toBe(false);
    expect(containsCardNumber(`hex ${'a'.repeat(20)}4111111111111111${'b'.repeat(27)} done`)).toBe(true);
    expect(containsCardNumber('re_seed_c7b51e7524111111111111111')).toBe(false);
    // An IBAN whose check digits fail is no IBAN.
    expect(containsCardNumber('DE00 4111 1111 1111 1111 00')).toBe(true);
  });
});

describe('the fast path never skips a card hidden in escapes whose hex has letters', () => {
  const pan = '4111111111111111';
  test('JSON escapes of Eastern Arabic digits (\\u06F4) and their URL encoding (%DB%B4)', () => {
    const json = [...pan].map((d) => `\\u06F${d}`).join('');
    const url = [...pan].map((d) => encodeURIComponent(String.fromCodePoint(0x06f0 + Number(d)))).join('');
    expect(url).toMatch(/%DB%B/);
    expect(findCardNumbers(json)).toEqual([{ start: 0, end: json.length }]);
    expect(findCardNumbers(url)).toEqual([{ start: 0, end: url.length }]);
  });

  test('hex ids with a few digits between letters are answered from the first pass', () => {
    expect(containsCardNumber('pi_seed_0f6c2a9e4d1b4c7a9b3e2a1f5c8d7e60')).toBe(false);
  });
});
