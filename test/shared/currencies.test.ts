import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decimals, MAX_AMOUNT, SUPPORTED } from '../../sandbox/money';
import { amountProblem, CURRENCIES, findCurrency, MAX_CHARGE_AMOUNT } from '../../src/shared/currencies';
import { formatMinor } from '../../src/shared/money';
import { taxPerLine } from '../../src/tax/tax-amounts';

const taxOn = (amount: number, rate_bp: number, currency: string) => taxPerLine([{ amount, rate_bp, country: 'XX' }], currency, { pricesIncludeTax: false, rounding: 'line' })[0];

const spec = readFileSync(path.join(__dirname, '../sandbox/spec/openapi-subset.json'), 'utf8');

describe('the currency table agrees with the processor', () => {
  it('takes exactly the currencies the sandbox takes, with the same exponent for each', () => {
    expect([...CURRENCIES.keys()].map((c) => c.toLowerCase()).sort()).toEqual([...SUPPORTED].sort());
    const disagreeing = [...SUPPORTED].filter((c) => findCurrency(c)!.exponent !== decimals(c));
    expect(disagreeing).toEqual([]);
  });

  it("follows Stripe's documented special cases: ISK two decimals of 00, MGA and UGX zero-decimal, HUF and TWD two", () => {
    expect(findCurrency('ISK')).toMatchObject({ exponent: 2, step: 100 });
    expect(findCurrency('MGA')).toMatchObject({ exponent: 0, step: 1 });
    expect(findCurrency('UGX')).toMatchObject({ exponent: 0, step: 1 });
    expect(findCurrency('HUF')).toMatchObject({ exponent: 2, step: 1, minimum: 17500 });
    expect(findCurrency('TWD')).toMatchObject({ exponent: 2, step: 1 });
    for (const c of ['BHD', 'JOD', 'KWD', 'OMR', 'TND']) expect(findCurrency(c)).toMatchObject({ exponent: 3, step: 10 });
  });

  it("has the spec cut's eight-digit amount limit, as the sandbox does", () => {
    expect(spec).toContain('supports up to eight digits (e.g., a value of 99999999');
    expect(MAX_CHARGE_AMOUNT).toBe(99_999_999);
    expect(MAX_CHARGE_AMOUNT).toBe(MAX_AMOUNT);
  });

  it('names what the processor would refuse: a KWD amount not ending in 0, ISK decimals, under the minimum', () => {
    expect(amountProblem(12345, 'KWD')).toMatch(/multiple of 10/);
    expect(amountProblem(12340, 'KWD')).toBeNull();
    expect(amountProblem(50050, 'ISK')).toMatch(/multiple of 100/);
    expect(amountProblem(40, 'EUR')).toMatch(/At least 50/);
    expect(amountProblem(100_000_000, 'USD')).toMatch(/At most 99999999/);
    expect(amountProblem(100, 'XXX')).toMatch(/not a currency/);
  });
});

describe('tax and display use the table', () => {
  it('rounds tax once, half up, to the step: 10 fils for KWD, a whole krona for ISK, a cent for EUR', () => {
    expect(taxOn(12340, 1900, 'KWD')).toBe(2340); // 2344.6 fils
    expect(taxOn(12370, 1900, 'KWD')).toBe(2350); // 2350.3 fils
    expect(taxOn(50000, 2400, 'ISK')).toBe(12000);
    expect(taxOn(50050, 2400, 'ISK')).toBe(12000); // 12012 aurar
    expect(taxOn(4900, 1900, 'EUR')).toBe(931);
    expect(taxOn(250, 2000, 'KWD')).toBe(50); // exactly 50
    expect(taxOn(25, 2000, 'KWD')).toBe(10); // 5 fils, half up
  });

  it('shows amounts in the digits the processor counts', () => {
    expect(formatMinor(500000, 'ISK')).toBe('5000.00');
    expect(formatMinor(4200, 'MGA')).toBe('4200');
    expect(formatMinor(12340, 'KWD')).toBe('12.340');
  });
});
