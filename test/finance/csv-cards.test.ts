import { CARD_MASK } from '../../src/card-data';
import { cardCheckedLines } from '../../src/finance/csv-cards';
import { amount, text, word } from '../../src/finance/csv-sql';

const check = cardCheckedLines([
  word('order_number', 'n'),
  amount('a', 'a'),
  amount('b', 'b'),
  amount('c', 'c'),
  amount('d', 'd'),
  text('customer_name', 'x'),
  text('customer_phone', 'p'),
]);

describe('the export checks each free-text cell for card numbers', () => {
  test('a clean line comes back as PostgreSQL built it', () => {
    const line = 'HO-2026-000001,49.00,9.31,58.31,0.00,"Lovelace, Ada",+49 1512 3456704';
    expect(check(line)).toBe(line);
  });

  test('a card number in a free-text cell is masked, quoting kept', () => {
    expect(check('HO-2026-000001,49.00,9.31,58.31,0.00,"Ada ""4111 1111 1111 1111"", Esq.",')).toBe(`HO-2026-000001,49.00,9.31,58.31,0.00,"Ada ""${CARD_MASK}"", Esq.",`);
    expect(check("HO-2026-000001,1.00,1.00,1.00,1.00,'+4111111111111111,")).toBe(`HO-2026-000001,1.00,1.00,1.00,1.00,'+${CARD_MASK},`);
  });

  test('amounts side by side are not one number, and a phone column keeps a possible phone number', () => {
    const line = 'HO-2026-000001,4111,1111,1111,1111,Ada,+4915123456704';
    expect(check(line)).toBe(line);
  });
});
