/**
 * Currencies exactly as the card processor (Stripe) counts them: the one table that pricing, tax,
 * display, the CSV and the admin price checks read. Source: https://docs.stripe.com/currencies
 * (presentment currencies, zero-decimal list, special cases, minimum charge amounts).
 *
 * - `exponent`: digits of the minor unit *in API amounts*, which is not always ISO 4217's: Stripe
 *   counts ISK in two decimals (ISO: zero) and MGA and UGX in none (ISO: two), so an ISK price of
 *   500 kr is 50000 here, as the processor charges it.
 * - `step`: the smallest amount the processor accepts a multiple of. Three-decimal currencies (BHD,
 *   JOD, KWD, OMR, TND) must end in 0 (step 10); ISK must have 00 as its decimals (step 100). HUF and
 *   TWD are two-decimal for charges with any last digits (only payouts need whole units, and this
 *   service makes none).
 * - `minimum`: Stripe's published minimum charge. For currencies without a published figure the
 *   processor asks for the equivalent of 0.50 USD at the day's rate, which we cannot know offline:
 *   we ask for one step, and the processor's own refusal stays the last word.
 */
export interface Currency {
  code: string;
  exponent: 0 | 2 | 3;
  step: 1 | 10 | 100;
  minimum: number;
}

/** The amount field holds at most eight digits (99999999), as the processor's API reference says. */
export const MAX_CHARGE_AMOUNT = 99_999_999;

const PRESENTMENT =
  'USD AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BWP BYN BZD CAD CDF CHF CLP CNY COP ' +
  'CRC CVE CZK DJF DKK DOP DZD EGP ETB EUR FJD FKP GBP GEL GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR ISK JMD JOD JPY KES ' +
  'KGS KHR KMF KRW KWD KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD ' +
  'OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SEK SGD SHP SLE SOS SRD STD SZL THB TJS TND TOP TRY TTD TWD ' +
  'TZS UAH UGX UYU UZS VND VUV WST XAF XCD XOF XPF YER ZAR ZMW';

const ZERO_DECIMAL = new Set('BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF'.split(' '));
const THREE_DECIMAL = new Set('BHD JOD KWD OMR TND'.split(' '));
/** Two decimals in the API whose decimals must be 00. */
const WHOLE_UNITS_IN_TWO_DECIMALS = new Set(['ISK']);

const MINIMUM: Record<string, number> = {
  USD: 50, AED: 200, AUD: 50, BGN: 100, BRL: 50, CAD: 50, CHF: 50, CZK: 1500, DKK: 250, EUR: 50, GBP: 30, HKD: 400,
  HUF: 17500, INR: 50, JPY: 50, MXN: 1000, MYR: 200, NOK: 300, NZD: 50, PLN: 200, RON: 200, SEK: 300, SGD: 50, THB: 1000,
}; // prettier-ignore

function entry(code: string): Currency {
  const exponent = ZERO_DECIMAL.has(code) ? 0 : THREE_DECIMAL.has(code) ? 3 : 2;
  const step = THREE_DECIMAL.has(code) ? 10 : WHOLE_UNITS_IN_TWO_DECIMALS.has(code) ? 100 : 1;
  return Object.freeze({ code, exponent, step, minimum: MINIMUM[code] ?? step });
}

export const CURRENCIES: ReadonlyMap<string, Currency> = new Map(PRESENTMENT.split(' ').map((c) => [c, entry(c)]));

/** The table's row for a code in any case, or undefined when the processor does not take it. */
export function findCurrency(code: string): Currency | undefined {
  return CURRENCIES.get(code.toUpperCase());
}

/** Why the processor would refuse this amount as a unit price or an order's charge, or null when it
 * would take it. A unit price under the minimum charge could never be bought on its own: refused too. */
export function amountProblem(amount: number, code: string): string | null {
  const c = findCurrency(code);
  if (!c) return `${code} is not a currency the card processor takes.`;
  if (amount % c.step !== 0) {
    return c.exponent === 3 ? `${c.code} amounts must be a multiple of ${c.step} (the last digit must be 0).` : `${c.code} amounts must be a multiple of ${c.step} (whole units).`;
  }
  if (amount > MAX_CHARGE_AMOUNT) return `At most ${MAX_CHARGE_AMOUNT} (the processor's limit).`;
  if (amount < c.minimum) return `At least ${c.minimum} (the processor's minimum charge in ${c.code}).`;
  return null;
}
