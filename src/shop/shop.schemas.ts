import { z } from 'zod';
import { currencyCode, skuSchema } from '../catalog';
import { PAYMENT_METHODS } from '../orders';

export interface CartLine {
  sku: string;
  quantity: number;
}

const quantity = z.coerce.number('A whole number.').int('A whole number.').min(1, 'At least 1.').max(100, 'At most 100.');

/** The cart lives in the address, so the shop works with cookies off: `SW-STD:2,EVT-SUMMIT:1`. */
const cartItems = z
  .string()
  .max(2000)
  .transform((text, ctx): CartLine[] => {
    const lines: CartLine[] = [];
    for (const part of text.split(',').filter((p) => p !== '')) {
      const [sku, qty, ...rest] = part.split(':');
      const parsedSku = skuSchema.safeParse(sku);
      const parsedQty = quantity.safeParse(qty);
      if (rest.length > 0 || !parsedSku.success || !parsedQty.success) {
        ctx.addIssue({ code: 'custom', message: 'Lines as SKU:quantity, separated by commas; quantities from 1 to 100.' });
        return z.NEVER;
      }
      const same = lines.find((l) => l.sku === parsedSku.data);
      if (same) same.quantity = Math.min(100, same.quantity + parsedQty.data);
      else lines.push({ sku: parsedSku.data, quantity: parsedQty.data });
    }
    if (lines.length > 20) ctx.addIssue({ code: 'custom', message: 'At most 20 lines.' });
    return lines;
  });

export const catalogQuery = z.object({ currency: currencyCode.default('USD'), items: cartItems.default([]) }).strict();

/** The cart page; `add` + `quantity` come from a catalog "Add to cart" form and are folded into `items`. */
export const cartQuery = z
  .object({ currency: currencyCode.default('USD'), items: cartItems.default([]), add: skuSchema.optional(), quantity: quantity.optional(), remove: skuSchema.optional() })
  .strict();

const text = z.string().max(400).optional();
const checkbox = z.literal('on').optional();

/** The checkout form as the browser posts it (urlencoded strings). The order's own rules (names,
 * email, country, VAT id) are the API's: the form is mapped onto `createOrderBody` and checked there. */
export const checkoutForm = z
  .object({
    items: cartItems,
    currency: currencyCode,
    idempotency_key: z.string().regex(/^[0-9a-f-]{36}$/, 'A form key; reload the cart page.'),
    name: text,
    email: text,
    company: text,
    country: text,
    phone: text,
    vat_id: text,
    marketing_opt_in: checkbox,
    remember_me: checkbox,
    contact_me: checkbox,
    payment_method: z.enum(PAYMENT_METHODS, 'Choose card or pay via sales.'),
  })
  .strict();
export type CheckoutForm = z.output<typeof checkoutForm>;

export const cartParam = (lines: CartLine[]) => lines.map((l) => `${l.sku}:${l.quantity}`).join(',');
