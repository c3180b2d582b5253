import { z } from 'zod';
import { deliveryFields, deliveryViewSchema } from './catalog.delivery';
import { amountProblem } from '../shared/currencies';
import { currencyCode, skuSchema } from './catalog.schemas';

const MAX_AMOUNT = 1_000_000_000_00;
const MAX_CAPACITY = 1_000_000;

const UNSAFE = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Names are one line; descriptions may break lines. Other control and text-direction characters
 * make text render differently from what is stored: refused. */
const text = (max: number, opts: { min?: number; multiline?: boolean } = {}) =>
  z
    .string()
    .trim()
    .min(opts.min ?? 1, 'Required.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !UNSAFE.test(opts.multiline ? s.replace(/\r?\n/g, '') : s), 'Control and text-direction characters are not allowed.');

const unitAmount = z.number().int('Minor units, a whole number.').positive('More than 0.').max(MAX_AMOUNT, `At most ${MAX_AMOUNT}.`);
/** A price the processor would refuse (a KWD price not ending in 0, an ISK price with decimals, one
 * under the minimum charge) is refused here, naming the currency, long before anyone pays it. */
const chargeable = (prices: Record<string, number | null>, ctx: z.RefinementCtx) => {
  for (const [code, amount] of Object.entries(prices)) {
    const problem = amount === null ? null : amountProblem(amount, code);
    if (problem) ctx.addIssue({ code: 'custom', path: [code], message: problem });
  }
};
const locationCountry = z
  .string()
  .regex(/^[A-Z]{2}$/, 'An ISO 3166-1 alpha-2 code in capitals, such as DE.')
  .nullable()
  .describe('Where an event or in-person training takes place, which is where it is taxed; null for what is supplied electronically (taxed where the buyer is)');
const capacity = z.number().int('A whole number.').min(1, 'At least 1 (or null for unlimited).').max(MAX_CAPACITY, `At most ${MAX_CAPACITY}.`).nullable();

export const createProductBody = z
  .object({
    sku: skuSchema,
    name: text(200),
    kind: z.enum(['software', 'training', 'event']),
    description: text(2000, { min: 0, multiline: true }).default(''),
    capacity: capacity.default(null).describe('Seats for sale, or null when unlimited'),
    prices: z
      .record(currencyCode, unitAmount)
      .refine((p) => Object.keys(p).length > 0, 'At least one price.')
      .superRefine(chargeable)
      .describe('Minor units per ISO 4217 currency, e.g. {"USD": 4900}'),
    active: z.boolean().default(true),
    ...deliveryFields,
    location_country: locationCountry.default(null),
  })
  .strict();
export type CreateProductInput = z.output<typeof createProductBody>;

export const updateProductBody = z
  .object({
    name: text(200).optional(),
    description: text(2000, { min: 0, multiline: true }).optional(),
    capacity: capacity.optional(),
    active: z.boolean().optional(),
    location_country: locationCountry.optional(),
    prices: z.record(currencyCode, unitAmount.nullable()).superRefine(chargeable).describe('Prices to set, per currency; null removes that currency').optional(),
    ...deliveryFields,
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.');
export type UpdateProductInput = z.output<typeof updateProductBody>;

export const productSkuParams = z.object({ sku: skuSchema }).strict();

export const adminProductView = z
  .object({
    sku: z.string(),
    name: z.string(),
    kind: z.enum(['software', 'training', 'event']),
    description: z.string(),
    capacity: z.number().int().nullable(),
    seats_taken: z.number().int(),
    seats_left: z.number().int().nullable(),
    active: z.boolean(),
    location_country: z.string().nullable(),
    prices: z.record(z.string(), z.number().int()),
    updated_at: z.string(),
  })
  .extend(deliveryViewSchema.shape)
  .meta({ id: 'AdminProduct' });
export type AdminProductView = z.infer<typeof adminProductView>;
