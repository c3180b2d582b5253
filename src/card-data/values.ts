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
  'pan',
  'cc',
  'ccnum',
  'ccnumber',
  'ccno',
  'cardnumber',
  'cardnum',
  'cardno',
  'creditcard',
  'creditcardnumber',
  'debitcard',
  'debitcardnumber',
  'primaryaccountnumber',
  'cvc',
  'cvv',
  'cvc2',
  'cvv2',
  'csc',
  'cvn',
  'cardcvc',
  'cardcvv',
  'cardcode',
  'securitycode',
  'cardsecuritycode',
  'cardverificationvalue',
  'cardverificationcode',
  'expmonth',
  'expyear',
  'expiry',
  'expirydate',
  'expirymonth',
  'expiryyear',
  'expdate',
  'expirationdate',
  'expirationmonth',
  'expirationyear',
  'cardexpiry',
  'cardexpiration',
  'cardexp',
  'track1',
  'track2',
  'trackdata',
  'magstripe',
  'magstripedata',
  'pinblock',
]);
/** Longer names ending in one of these are card fields too (`billing_card_number`); the short,
 * ambiguous names above (`pan`, `cc`, `expiry`) only match whole. */
const CARD_FIELD_SUFFIXES = ['cardnumber', 'creditcard', 'creditcardnumber', 'cardcvc', 'cardcvv', 'cardexpiry'];

export function isCardFieldName(key: string): boolean {
  const name = key
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  return CARD_FIELDS.has(name) || CARD_FIELD_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** A JSON integer beyond 2^53 has lost its last digits in parsing, so Luhn cannot be checked;
 * no field of ours takes such a number, so one of card length is refused as a card. */
function numberHoldsCard(value: number | bigint, field: string | undefined): boolean {
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return Math.abs(value) < 1e19;
  }
  return containsCardNumber(String(value), field);
}

/** A string or number holding a card number; `field` is the key it sits under. */
export function leafHoldsCard(node: unknown, field: string | undefined): boolean {
  if (typeof node === 'string') return containsCardNumber(node, field);
  if (typeof node === 'number' || typeof node === 'bigint') return numberHoldsCard(node, field);
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

export interface JsonNode {
  node: unknown;
  /** Dotted path, keys that are card numbers masked. */
  at: string;
  /** The node's own key, for object members. */
  key?: string;
  /** The nearest key above or at the node (array elements take their array's): what the node is. */
  field?: string;
}

/** Visits every node of parsed JSON, parents first, in document order. Iterative, so a deeply
 * nested value cannot overflow the stack. Buffers and class instances are not JSON: not entered. */
export function walkJson(value: unknown, visit: (n: JsonNode) => void, path = '', field?: string): void {
  const pending: JsonNode[] = [{ node: value, at: path, field }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    visit(next);
    const { node, at } = next;
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) pending.push({ node: node[i], at: join(at, String(i)), field: next.field });
    } else if (isPlainObject(node)) {
      const entries = Object.entries(node);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i]!;
        pending.push({ node: child, at: join(at, maskCardNumbers(key)), key, field: key });
      }
    }
  }
}

/** Names every place in parsed JSON (any depth, keys and values) holding card data, once per
 * path. Paths never echo digits: a key that is itself a card number is masked. */
export function scanValue(value: unknown, path = ''): CardFinding[] {
  const findings = new Map<string, CardFinding['reason']>();
  const found = (at: string, reason: CardFinding['reason']) => findings.has(at) || findings.set(at, reason);
  walkJson(
    value,
    ({ node, at, key, field }) => {
      if (key !== undefined && isCardFieldName(key)) found(at, 'card_field');
      else if (key !== undefined && containsCardNumber(key)) found(at, 'card_number');
      if (leafHoldsCard(node, field)) found(at, 'card_number');
    },
    path,
  );
  return [...findings].map(([at, reason]) => ({ path: at, reason }));
}
