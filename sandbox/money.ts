/** Currencies as Stripe treats them: amounts are integers in the smallest unit, except that for
 * zero-decimal currencies (JPY, KRW, ...) the amount is the whole amount, and three-decimal ones
 * must be multiples of 10. */
import { invalidRequest } from './errors';

export const SUPPORTED = new Set(
  (
    'usd aed afn all amd ang aoa ars aud awg azn bam bbd bdt bgn bhd bif bmd bnd bob brl bsd bwp byn bzd cad cdf chf clp cny cop ' +
    'crc cve czk djf dkk dop dzd egp etb eur fjd fkp gbp gel gip gmd gnf gtq gyd hkd hnl htg huf idr ils inr isk jmd jod jpy kes ' +
    'kgs khr kmf krw kwd kyd kzt lak lbp lkr lrd lsl mad mdl mga mkd mmk mnt mop mur mvr mwk mxn myr mzn nad ngn nio nok npr nzd ' +
    'omr pab pen pgk php pkr pln pyg qar ron rsd rub rwf sar sbd scr sek sgd shp sle sos srd std szl thb tjs tnd top try ttd twd ' +
    'tzs uah ugx uyu uzs vnd vuv wst xaf xcd xof xpf yer zar zmw'
  ).split(' '),
);

const ZERO_DECIMAL = new Set('bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '));
const THREE_DECIMAL = new Set('bhd jod kwd omr tnd'.split(' '));

/** Stripe's minimum charge amounts, in minor units; other currencies: the smallest positive unit. */
const MINIMUM: Record<string, number> = {
  usd: 50,
  aed: 200,
  aud: 50,
  bgn: 100,
  brl: 50,
  cad: 50,
  chf: 50,
  czk: 1500,
  dkk: 250,
  eur: 50,
  gbp: 30,
  hkd: 400,
  huf: 17500,
  inr: 50,
  jpy: 50,
  mxn: 1000,
  myr: 200,
  nok: 300,
  nzd: 50,
  pln: 200,
  ron: 200,
  sek: 300,
  sgd: 50,
  thb: 1000,
};

export const MAX_AMOUNT = 99_999_999;

export function decimals(currency: string): number {
  if (ZERO_DECIMAL.has(currency)) return 0;
  return THREE_DECIMAL.has(currency) ? 3 : 2;
}

/** Lower-cases and checks a currency parameter, as Stripe does (`USD` is accepted as `usd`). */
export function parseCurrency(value: string, param: string): string {
  const currency = value.toLowerCase();
  if (!SUPPORTED.has(currency))
    throw invalidRequest(`Invalid currency: ${currency}. Stripe currently supports these currencies: ${[...SUPPORTED].join(', ')}`, param, 'parameter_invalid');
  return currency;
}

/** "49.00 USD", "4,900 JPY": what the hosted page and error messages show. */
export function formatAmount(amount: number, currency: string): string {
  const digits = decimals(currency);
  const major = (amount / 10 ** digits).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${major} ${currency.toUpperCase()}`;
}

export function checkAmount(amount: number, currency: string, param: string): void {
  if (THREE_DECIMAL.has(currency) && amount % 10 !== 0) {
    throw invalidRequest(`Invalid amount: ${currency.toUpperCase()} amounts must be a multiple of 10 (the last digit must be 0).`, param, 'parameter_invalid');
  }
  // ISK counts two decimals in the API for backwards compatibility, but fractions of a króna are not charged.
  if (currency === 'isk' && amount % 100 !== 0) {
    throw invalidRequest('Invalid amount: ISK amounts must be a multiple of 100 (the decimals must be 00).', param, 'parameter_invalid');
  }
  if (amount > MAX_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatAmount(MAX_AMOUNT, currency)}`, param, 'amount_too_large');
  }
}

export function checkMinimum(amount: number, currency: string, param: string): void {
  const minimum = MINIMUM[currency] ?? 1;
  if (amount < minimum) {
    throw invalidRequest(`Amount must be at least ${formatAmount(minimum, currency)}`, param, 'amount_too_small');
  }
}
