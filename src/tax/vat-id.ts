import { checkVAT, countries } from 'jsvat';

/** Spaces, dots and dashes are how people write VAT ids; the id itself is letters and digits. */
export const normaliseVatId = (raw: string): string => raw.toUpperCase().replace(/[\s.-]/g, '');

const SUPPORTED = new Set(countries.map((c) => c.codes[0]));

/** Why this VAT id cannot be the id of a business in `country`, or null when it can. Countries with a
 * published check-digit algorithm (EU, GB, NO, CH... as jsvat knows them) are checked in full; for the
 * rest we check only that it is 4 to 20 letters and digits. Confirming the id exists (VIES) needs the
 * network: see README "Tax", off by default. */
export function vatIdProblem(vatId: string, country: string): string | null {
  if (!SUPPORTED.has(country)) return /^[A-Z0-9]{4,20}$/.test(vatId) ? null : 'A VAT or tax id: 4 to 20 letters and digits.';
  const result = checkVAT(vatId, countries);
  if (!result.isValidFormat) return `Not a VAT id of ${country}: the format is wrong.`;
  if (!result.isValid) return 'Not a valid VAT id: the check digits do not match.';
  if (result.country?.isoCode.short !== country) return `A VAT id of ${result.country?.isoCode.short ?? 'another country'}, not of ${country} (the customer's country).`;
  return null;
}
