import { containsCardNumber, maskCardNumbers } from './detect';

/** Card data in parsed values: card numbers in any string or number (detect.ts) and card-shaped
 * field names, at any depth. The request guard walks request bodies and query strings with it. */

export interface CardFinding {
  /** Dotted path as in `errors[].path`: `customer.name`, `items.0.sku`. */
  path: string;
  reason: 'card_number' | 'card_field';
}

/** Field names are compared without case or separators: `card_number`, `cardNumber`, `Card-Number`. */
const CARD_FIELDS = new Set([
  'pan', 'cc', 'ccnum', 'ccnumber', 'ccno', 'cardnumber', 'cardnum', 'cardno', 'creditcard', 'creditcardnumber',
  'debitcard', 'debitcardnumber', 'primaryaccountnumber',
  'cvc', 'cvv', 'cvc2', 'cvv2', 'csc', 'cvn', 'cardcvc', 'cardcvv', 'cardcode', 'securitycode', 'cardsecuritycode',
  'cardverificationvalue', 'cardverificationcode',
  'expmonth', 'expyear', 'expiry', 'expirydate', 'expirymonth', 'expiryyear', 'expdate', 'expirationdate',
  'expirationmonth', 'expirationyear', 'cardexpiry', 'cardexpiration', 'cardexp',
  'track1', 'track2', 'trackdata', 'magstripe', 'magstripedata', 'pinblock',
]);
/** Longer names ending in one of these are card fields too (`billing_card_number`); the short,
 * ambiguous names above (`pan`, `cc`, `expiry`) only match whole. */
const CARD_FIELD_SUFFIXES = ['cardnumber', 'creditcard', 'creditcardnumber', 'cardcvc', 'cardcvv', 'cardexpiry'];

export function isCardFieldName(key: string): boolean {
  const name = key.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  return CARD_FIELDS.has(name) || CARD_FIELD_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** A JSON integer beyond 2^53 has lost its last digits in parsing, so Luhn cannot be checked;
 * no field of ours takes such a number, so one of card length is refused as a card. */
function numberHoldsCard(value: number | bigint): boolean {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return Math.abs(value) < 1e19;
  }
  return containsCardNumber(String(value));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Walks parsed JSON (any depth, keys and values) and names every place holding card data, once
 * per path. Paths never echo digits: a key that is itself a card number is masked. Iterative, so
 * a deeply nested body cannot overflow the stack. Buffers and class instances are not JSON and are
 * skipped. */
export function scanValue(value: unknown, path = ''): CardFinding[] {
  const findings = new Map<string, CardFinding['reason']>();
  const found = (at: string, reason: CardFinding['reason']) => findings.has(at) || findings.set(at, reason);
  const pending: Array<{ node: unknown; at: string; key?: string }> = [{ node: value, at: path }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { node, at, key } = next;
    if (key !== undefined && isCardFieldName(key)) found(at, 'card_field');
    else if (key !== undefined && containsCardNumber(key)) found(at, 'card_number');
    if (typeof node === 'string') {
      if (containsCardNumber(node)) found(at, 'card_number');
    } else if (typeof node === 'number' || typeof node === 'bigint') {
      if (numberHoldsCard(node)) found(at, 'card_number');
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push({ node: node[i], at: join(at, String(i)) });
    } else if (isPlainObject(node)) {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [childKey, child] = entries[i]!;
        pending.push({ node: child, at: join(at, maskCardNumbers(childKey)), key: childKey });
      }
    }
  }
  return [...findings].map(([at, reason]) => ({ path: at, reason }));
}
