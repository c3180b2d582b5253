import { z } from 'zod';
import { findCurrency } from '../shared/currencies';

export const currencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code in capitals, such as USD.')
  .refine((c) => findCurrency(c) !== undefined, 'Not a currency the card processor takes.');
export const skuSchema = z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,63}$/, 'Use capitals, digits and dashes.');

export const productView = z
  .object({
    sku: z.string(),
    name: z.string(),
    kind: z.enum(['software', 'training', 'event']),
    description: z.string(),
    prices: z.record(z.string(), z.number().int()).describe('Minor units per ISO 4217 currency'),
    seats_left: z.number().int().nullable().describe('Seats still free, or null when unlimited'),
  })
  .meta({ id: 'Product' });
export type ProductView = z.infer<typeof productView>;

export const productsResponse = z.object({ products: z.array(productView) });
