import type { z } from 'zod';
import { listProducts, type ProductWithPrices } from '../catalog';
import type { Db } from '../database';
import { createOrderBody } from '../orders';
import { badRequest, type FieldError } from '../shared/errors';
import { fieldErrors } from '../shared/http/validate';
import type { PricedCartLine } from './checkout.views';
import type { CartLine, CheckoutForm } from './shop.schemas';

export const activeProducts = (db: Db) => listProducts(db, { includeInactive: false });

/** The cart's lines at today's catalog prices; a line the catalog does not sell (unknown, retired,
 * not priced in the currency) is a 400 naming `items`, never a guess. */
export function priceCart(products: ProductWithPrices[], lines: CartLine[], currency: string): PricedCartLine[] {
  const bySku = new Map(products.map((p) => [p.sku, p]));
  return lines.map((l) => {
    const product = bySku.get(l.sku);
    const unitAmount = product?.prices[currency];
    if (!product || unitAmount === undefined)
      throw badRequest('cart_not_sold', `The cart holds what the shop does not sell in ${currency}.`, [{ path: 'items', message: `${l.sku} is not sold in ${currency}.` }]);
    return { ...l, name: product.name, unitAmount };
  });
}

const given = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v);

/** The form as the API's order body: the same document `POST /api/orders` takes, so the shop and
 * the API place orders by one set of rules (and replay by one idempotency hash). */
export function toOrderBody(form: CheckoutForm) {
  const customer = {
    name: form.name ?? '',
    email: form.email ?? '',
    company: given(form.company),
    country: form.country ?? '',
    phone: given(form.phone),
    vat_id: given(form.vat_id),
  };
  return {
    items: form.items,
    currency: form.currency,
    customer: Object.fromEntries(Object.entries(customer).filter(([, v]) => v !== undefined)),
    payment_method: form.payment_method,
    marketing_opt_in: form.marketing_opt_in === 'on',
    contact_me: form.contact_me === 'on',
    remember_me: form.remember_me === 'on',
  };
}

export type ParsedOrder = { ok: true; input: z.output<typeof createOrderBody> } | { ok: false; errors: Record<string, string> };

export function parseOrder(body: ReturnType<typeof toOrderBody>): ParsedOrder {
  const parsed = createOrderBody.safeParse(body);
  return parsed.success ? { ok: true, input: parsed.data } : { ok: false, errors: byFormField(fieldErrors(parsed.error)) };
}

/** API field paths (`customer.email`) as the form's fields (`email`); the first message per field. */
export function byFormField(errors: FieldError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const name = e.path.startsWith('customer.') ? e.path.slice('customer.'.length) : e.path.startsWith('items') ? 'form' : e.path;
    const message = name === 'form' ? `Cart: ${e.message}` : e.message;
    out[name] = out[name] ? (name === 'form' ? `${out[name]} ${message}` : out[name]) : message;
  }
  return out;
}
