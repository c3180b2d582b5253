import { z } from 'zod';

const country = z.string().regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 code in capitals, such as AT.');
const day = z.iso.date('A date, YYYY-MM-DD.');

export const taxRatesQuery = z.object({ country: country.optional() }).strict();
export const taxCountryParams = z.object({ country }).strict();

export const setTaxRateBody = z
  .object({
    region: z
      .string()
      .regex(/^[A-Z0-9]{1,3}$/, 'A province or state code, such as ON.')
      .optional()
      .describe('For a regional rate (Canada: ON, NS...); leave out for the nationwide rate'),
    rate_bp: z.number().int('Basis points, a whole number: 1900 is 19%.').min(0, 'At least 0.').max(10_000, 'At most 10000 (100%).'),
    label: z.string().trim().min(1, 'Required.').max(40, 'At most 40 characters.').describe('Printed beside the tax: "MwSt 19%"'),
    valid_from: day.optional().describe('The day the rate takes effect (UTC); today when left out. The rate in force before ends that day.'),
  })
  .strict();
export type SetTaxRateInput = z.output<typeof setTaxRateBody>;

export const taxRateView = z
  .object({
    country: z.string(),
    region: z.string().describe('"" for nationwide'),
    rate_bp: z.number().int(),
    label: z.string(),
    valid_from: z.string(),
    valid_to: z.string().nullable().describe('The first day it no longer holds; null while it does'),
  })
  .meta({ id: 'TaxRate' });

export const taxRatesResponse = z
  .object({
    rates: z.array(taxRateView),
    settings: z.object({
      unconfigured_country: z.enum(['zero', 'refuse']).describe('An order from a country with no rate: sold at 0% with a note, or refused with 422'),
      prices_include_tax: z.boolean(),
      rounding: z.enum(['line', 'order']),
      seller_country: z.string(),
    }),
  })
  .meta({ id: 'TaxRates' });
