/** A Checkout line item (`item`) with the inline price and product that `price_data` creates, as
 * Stripe makes them: the price is inactive (it exists only for this session). */
import type Stripe from 'stripe';
import { newId } from '../ids';

export interface ProductData {
  name: string;
  description: string | null;
  images: string[];
  metadata: Record<string, string>;
}

export function buildProduct(created: number, data: ProductData): Stripe.Product {
  const product: Stripe.Product = {
    id: newId('prod', 14),
    object: 'product',
    active: false,
    created,
    default_price: null,
    description: data.description,
    images: data.images,
    livemode: false,
    marketing_features: [],
    metadata: data.metadata,
    name: data.name,
    package_dimensions: null,
    shippable: null,
    statement_descriptor: null,
    tax_code: null,
    tax_details: null,
    type: 'service',
    unit_label: null,
    updated: created,
    url: null,
  };
  // `features` was required by the 2023 API (renamed `marketing_features` since); Stripe still sends both.
  return Object.assign(product, { features: [] });
}

export function buildPrice(created: number, currency: string, unitAmount: number, productId: string): Stripe.Price {
  return {
    id: newId('price', 24),
    object: 'price',
    active: false,
    billing_scheme: 'per_unit',
    created,
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null,
    metadata: {},
    nickname: null,
    product: productId,
    recurring: null,
    tax_behavior: 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: 'one_time',
    unit_amount: unitAmount,
    // On the wire a decimal string; the SDK turns it into its Decimal type when it reads it.
    unit_amount_decimal: String(unitAmount) as unknown as Stripe.Price['unit_amount_decimal'],
  };
}

export function buildLineItem(price: Stripe.Price, product: Stripe.Product, quantity: number): Stripe.LineItem {
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id: newId('li', 24),
    object: 'item',
    adjustable_quantity: null,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description: product.name,
    metadata: {},
    price,
    quantity,
  };
}
