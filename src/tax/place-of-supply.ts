import type { FieldError } from '../shared/errors';
import { EU_MEMBER_STATES } from './rates';
import type { TaxRateRow } from './tax.table';

const EU = new Set(EU_MEMBER_STATES);

/** Store settings that decide where and whether a line is taxed (README "Tax"). */
export interface TaxPolicy {
  /** Where the seller is established: a buyer with a VAT id elsewhere in the EU pays by reverse charge. */
  sellerCountry: string;
  sellerVatId: string | undefined;
  /** A country with no rate configured: refuse the order (422), or sell at 0% and say so on it. */
  unconfiguredCountry: 'refuse' | 'zero';
}

export interface TaxBuyer {
  country: string;
  region?: string | undefined;
  vatId?: string | undefined;
}

/** Where each line is taxed: `location` is the country an event or in-person training takes place
 * in (taxed there, whoever buys, as admission is under EU VAT rules); null is a service supplied
 * electronically (a licence, online training), taxed where the buyer is. */
export interface SuppliedLine {
  location: string | null;
}

export interface LineTaxRule {
  country: string;
  rate_bp: number;
}

export interface TaxDecision {
  lines: LineTaxRule[];
  /** Printed with the order: why (part of) it bears no tax. */
  note: string | null;
  errors: FieldError[];
}

/** The rate for each line from the rates in force, with the reverse charge and the unconfigured
 * country's default applied. A regional rate (Canada's HST in Ontario) wins over the national one
 * only in the buyer's own country and region. */
export function decideTax(policy: TaxPolicy, buyer: TaxBuyer, lines: SuppliedLine[], rates: TaxRateRow[]): TaxDecision {
  const notes = new Set<string>();
  const errors: FieldError[] = [];
  const rateIn = (country: string) =>
    rates.find((r) => r.country === country && r.region !== '' && country === buyer.country && r.region === buyer.region) ??
    rates.find((r) => r.country === country && r.region === '');
  const decided = lines.map((line, i): LineTaxRule => {
    const country = line.location ?? buyer.country;
    if (line.location === null && reverseCharged(policy, buyer)) {
      notes.add(
        `Reverse charge: VAT to be accounted for by the recipient (Article 196, Council Directive 2006/112/EC). Seller VAT id ${policy.sellerVatId ?? '-'}, buyer VAT id ${buyer.vatId}.`,
      );
      return { country, rate_bp: 0 };
    }
    const rate = rateIn(country);
    if (rate) return { country, rate_bp: rate.rate_bp };
    if (policy.unconfiguredCountry === 'refuse') {
      errors.push({ path: line.location === null ? 'customer.country' : `items.${i}.sku`, message: `The store does not sell into ${country}: no tax rate is configured for it.` });
    } else notes.add(`No tax charged: no tax rate is configured for ${country}.`);
    return { country, rate_bp: 0 };
  });
  return { lines: decided, note: notes.size > 0 ? [...notes].join(' ') : null, errors };
}

/** An EU business (it gave a VAT id) in another member state than the seller's. */
function reverseCharged(policy: TaxPolicy, buyer: TaxBuyer): boolean {
  return buyer.vatId !== undefined && EU.has(buyer.country) && EU.has(policy.sellerCountry) && buyer.country !== policy.sellerCountry;
}
