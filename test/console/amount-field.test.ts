import { AppError } from '../../src/shared/errors';
import { amountField } from '../../src/console/format';

function refusal(text: string, currency: string): { status: number; fields: unknown } {
  try {
    amountField(text, currency);
  } catch (err) {
    if (err instanceof AppError) return { status: err.status, fields: err.errors };
    throw err;
  }
  throw new Error(`${text} ${currency} was accepted`);
}

describe('a console form’s amount field', () => {
  it('reads what a person types as minor units of the currency', () => {
    expect(amountField('250', 'EUR')).toBe(25000);
    expect(amountField('12,5', 'EUR')).toBe(1250);
    expect(amountField('7500', 'JPY')).toBe(7500);
    expect(amountField('1.250', 'KWD')).toBe(1250);
  });

  it('refuses anything else with a 422 naming the field, its example in the currency’s own digits', () => {
    expect(refusal('twelve', 'EUR')).toEqual({ status: 422, fields: [{ path: 'amount', message: 'An amount in EUR, like 250.00.' }] });
    expect(refusal('12.5', 'JPY')).toEqual({ status: 422, fields: [{ path: 'amount', message: 'An amount in JPY, like 250.' }] });
    expect(refusal('1.2345', 'KWD')).toEqual({ status: 422, fields: [{ path: 'amount', message: 'An amount in KWD, like 250.000.' }] });
  });
});
