/**
 * The standard rates a store starts with, each from the day it took effect, so an order is taxed at
 * the rate of its day and a change of law is one more row (the admin routes add them). Sources:
 * the European Commission's "VAT rates applied in the Member States" (EU27), HMRC (GB), Skatteetaten
 * (NO), ESTV (CH), ATO (AU), IRD (NZ), NTA (JP), CRA (CA: GST 5% in every province, HST instead in
 * the five that harmonised). Only the standard rate: reduced rates (books, food) are not sold here.
 * Written on every start with ON CONFLICT DO NOTHING, so an admin's rows and changes survive.
 */
export interface SeedRate {
  country: string;
  region?: string;
  rate_bp: number;
  label: string;
  valid_from?: string;
  valid_to?: string;
}

const vat = (country: string, rate_bp: number, label = 'VAT'): SeedRate => ({ country, rate_bp, label: `${label} ${rate_bp / 100}%` });
const dated = (rate: SeedRate, valid_from: string, valid_to?: string): SeedRate => ({ ...rate, valid_from, ...(valid_to ? { valid_to } : {}) });

export const EU_MEMBER_STATES = 'AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'.split(' ');

const EU: SeedRate[] = [
  vat('AT', 2000, 'USt'), vat('BE', 2100, 'BTW'), vat('BG', 2000, 'DDS'), vat('CY', 1900, 'FPA'), vat('CZ', 2100, 'DPH'),
  vat('DE', 1900, 'MwSt'), vat('DK', 2500, 'moms'), vat('ES', 2100, 'IVA'), vat('FR', 2000, 'TVA'), vat('GR', 2400, 'FPA'),
  vat('HR', 2500, 'PDV'), vat('HU', 2700, 'ÁFA'), vat('IE', 2300), vat('IT', 2200, 'IVA'), vat('LT', 2100, 'PVM'),
  vat('LU', 1700, 'TVA'), vat('LV', 2100, 'PVN'), vat('MT', 1800), vat('NL', 2100, 'BTW'), vat('PL', 2300, 'VAT'),
  vat('PT', 2300, 'IVA'), vat('SE', 2500, 'moms'), vat('SI', 2200, 'DDV'),
  dated(vat('EE', 2200, 'KM'), '2024-01-01', '2025-07-01'), dated(vat('EE', 2400, 'KM'), '2025-07-01'),
  dated(vat('FI', 2400, 'ALV'), '2013-01-01', '2024-09-01'), dated(vat('FI', 2550, 'ALV'), '2024-09-01'),
  dated(vat('RO', 1900, 'TVA'), '2017-01-01', '2025-08-01'), dated(vat('RO', 2100, 'TVA'), '2025-08-01'),
  dated(vat('SK', 2000, 'DPH'), '2011-01-01', '2025-01-01'), dated(vat('SK', 2300, 'DPH'), '2025-01-01'),
]; // prettier-ignore

const CANADA: SeedRate[] = [
  { country: 'CA', rate_bp: 500, label: 'GST 5%' },
  ...['ON'].map((region) => ({ country: 'CA', region, rate_bp: 1300, label: 'HST 13%' })),
  ...['NB', 'NL', 'PE'].map((region) => ({ country: 'CA', region, rate_bp: 1500, label: 'HST 15%' })),
  dated({ country: 'CA', region: 'NS', rate_bp: 1500, label: 'HST 15%' }, '2010-07-01', '2025-04-01'),
  dated({ country: 'CA', region: 'NS', rate_bp: 1400, label: 'HST 14%' }, '2025-04-01'),
];

export const STARTING_RATES: SeedRate[] = [
  ...EU,
  vat('GB', 2000),
  vat('NO', 2500, 'MVA'),
  dated(vat('CH', 770, 'MWST'), '2018-01-01', '2024-01-01'),
  dated(vat('CH', 810, 'MWST'), '2024-01-01'),
  { country: 'AU', rate_bp: 1000, label: 'GST 10%' },
  { country: 'NZ', rate_bp: 1500, label: 'GST 15%' },
  { country: 'JP', rate_bp: 1000, label: 'Consumption tax 10%' },
  ...CANADA,
];
