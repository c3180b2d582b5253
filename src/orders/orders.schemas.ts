import { z } from 'zod';
import { currencyCode, skuSchema } from '../catalog';
import { COUNTRY_CODES } from '../shared/countries';
import { normaliseVatId, vatIdProblem } from '../tax';
import { ORDER_STATUSES, PAYMENT_METHODS } from './orders.table';

/** Control characters (NUL included), bidirectional overrides and isolates make names that render
 * differently from what is stored: refused. */
const UNSAFE_TEXT = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const safeText = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Required.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !UNSAFE_TEXT.test(s), 'Control and text-direction characters are not allowed.');

export const customerSchema = z
  .object({
    name: safeText(200),
    email: z
      .string()
      .trim()
      .max(254)
      .pipe(z.email('A valid email address.'))
      .transform((e) => e.toLowerCase()),
    company: safeText(200).optional(),
    country: z
      .string()
      .transform((c) => c.toUpperCase())
      .refine((c) => COUNTRY_CODES.has(c), 'An ISO 3166-1 alpha-2 country code, such as DE.'),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()./-]{4,32}$/, 'Digits, spaces and + ( ) - . / only.')
      .optional(),
    region: z
      .string()
      .transform((r) => r.toUpperCase())
      .pipe(z.string().regex(/^[A-Z0-9]{1,3}$/, 'A province or state code, such as ON.'))
      .optional()
      .describe('Province or state (ISO 3166-2 without the country), where tax depends on it: Canada'),
    vat_id: z
      .string()
      .max(40)
      .transform(normaliseVatId)
      .optional()
      .describe('A business buyer’s VAT id, checked per country; an EU business in another member state pays by reverse charge'),
  })
  .strict()
  .superRefine((c, ctx) => {
    const problem = c.vat_id === undefined ? null : vatIdProblem(c.vat_id, c.country);
    if (problem) ctx.addIssue({ code: 'custom', path: ['vat_id'], message: problem });
  })
  .meta({ id: 'Customer' });
export type CustomerInput = z.output<typeof customerSchema>;

export const createOrderBody = z
  .object({
    items: z
      .array(
        z
          .object({
            sku: skuSchema,
            quantity: z.number().int('A whole number.').min(1, 'At least 1.').max(100, 'At most 100.'),
          })
          .strict(),
      )
      .min(1, 'At least one item.')
      .max(20, 'At most 20 lines.')
      .refine((items) => new Set(items.map((i) => i.sku)).size === items.length, 'Each sku once; raise its quantity instead.'),
    currency: currencyCode,
    customer: customerSchema,
    payment_method: z.enum(PAYMENT_METHODS),
    po_number: safeText(64).optional().describe('The buyer’s purchase order number, printed on its documents'),
    marketing_opt_in: z.boolean().default(false),
    contact_me: z.boolean().default(false),
    remember_me: z.boolean().default(false),
  })
  .strict();
export type CreateOrderInput = z.output<typeof createOrderBody>;

export const orderItemView = z
  .object({ sku: z.string(), name: z.string(), quantity: z.number().int(), unit_amount: z.number().int(), amount: z.number().int() })
  .meta({ id: 'OrderItem' });

export const orderView = z
  .object({
    id: z.uuid(),
    number: z.string(),
    status: z.enum(ORDER_STATUSES),
    payment_method: z.enum(PAYMENT_METHODS),
    currency: z.string(),
    items: z.array(orderItemView),
    subtotal: z.number().int(),
    tax: z.number().int(),
    total: z.number().int(),
    amount_paid: z.number().int(),
    amount_refunded: z.number().int(),
    tax_note: z.string().nullable().describe('Why (part of) the order bears no tax: reverse charge, or no rate configured for the country'),
    po_number: z.string().nullable(),
    created_at: z.string(),
    paid_at: z.string().nullable(),
  })
  .meta({ id: 'Order' });
export type OrderView = z.infer<typeof orderView>;

export const nextStep = z
  .discriminatedUnion('type', [z.object({ type: z.literal('redirect'), url: z.url() }), z.object({ type: z.literal('offline'), reference: z.string(), instructions: z.string() })])
  .meta({ id: 'NextStep', description: 'card: open url (the processor’s payment page); sales: pay with this reference as instructed' });
export type NextStep = z.infer<typeof nextStep>;

export const createOrderResponse = z
  .object({ order: orderView, order_token: z.string().describe('Bearer token for GET /api/orders/{id} and the order page'), next: nextStep })
  .meta({ id: 'PlacedOrder' });
export const orderIdParams = z.object({ id: z.uuid('An order id (UUID).') }).strict();
