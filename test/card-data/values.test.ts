import { CARD_MASK, isCardFieldName, scanValue } from '../../src/card-data';

describe('isCardFieldName', () => {
  test.each([
    'card_number',
    'cardNumber',
    'card-number',
    'CardNumber',
    'cardnumber',
    'pan',
    'PAN',
    'cc',
    'ccnum',
    'cc_number',
    'credit_card',
    'creditCard',
    'cvc',
    'CVV',
    'cvv2',
    'cvc2',
    'csc',
    'exp_month',
    'exp_year',
    'expiry',
    'card_expiry',
    'track1',
    'track2',
    'magstripe',
    'billing_card_number',
    'customerCreditCard',
  ])('%s is a card field', (key) => {
    expect(isCardFieldName(key)).toBe(true);
  });

  test.each(['name', 'company', 'japan', 'number', 'card', 'sku', 'expires_at', 'reference', 'discount_code', 'country', 'phone', 'email', 'payment_method', 'capacity', 'accept'])(
    '%s is not',
    (key) => {
      expect(isCardFieldName(key)).toBe(false);
    },
  );
});

describe('scanValue', () => {
  test('names the field holding a card number with the path style of errors[].path', () => {
    const body = {
      items: [
        { sku: 'SW-PRO', quantity: 1 },
        { sku: 'TR-101', notes: ['fine', '5555-5555-5555-4444'] },
      ],
      customer: { name: '4242 4242 4242 4242', email: 'ann@example.com', country: 'DE' },
    };
    expect(scanValue(body)).toEqual([
      { path: 'items.1.notes.1', reason: 'card_number' },
      { path: 'customer.name', reason: 'card_number' },
    ]);
  });

  test('names card-shaped field names whatever they hold, once per path', () => {
    expect(scanValue({ payment: { cardNumber: 'x', cvc: 123 }, card_number: '4242424242424242' })).toEqual([
      { path: 'payment.cardNumber', reason: 'card_field' },
      { path: 'payment.cvc', reason: 'card_field' },
      { path: 'card_number', reason: 'card_field' },
    ]);
  });

  test('finds card numbers held as JSON numbers, including ones too large to keep every digit', () => {
    const parsed = JSON.parse('{"a": 4242424242424242, "b": 6205500000000000004, "c": 1767225655433, "d": 4900}');
    expect(scanValue(parsed)).toEqual([
      { path: 'a', reason: 'card_number' },
      { path: 'b', reason: 'card_number' },
    ]);
    expect(scanValue(6205500000000000004n)).toEqual([{ path: '', reason: 'card_number' }]);
  });

  test('a key that is itself a card number is named without its digits', () => {
    const findings = scanValue({ notes: { '4242 4242 4242 4242': true } });
    expect(findings).toEqual([{ path: `notes.${CARD_MASK}`, reason: 'card_number' }]);
  });

  test('prefixes paths with the given base', () => {
    expect(scanValue({ q: '4111111111111111' }, 'query')).toEqual([{ path: 'query.q', reason: 'card_number' }]);
  });

  test('clean data yields nothing, and deep nesting does not overflow the stack', () => {
    expect(scanValue({ items: [{ sku: 'EV-2026', quantity: 2 }], currency: 'EUR', ok: true, none: null })).toEqual([]);
    let deep: unknown = '4242424242424242';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(scanValue(deep)).toHaveLength(1);
  });
});
