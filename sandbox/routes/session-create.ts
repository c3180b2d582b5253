/** POST /v1/checkout/sessions: the parameters a payment-mode hosted Checkout Session takes, checked
 * as Stripe checks them, each error naming its `param`. */
import type Stripe from 'stripe';
import type { Context } from '../context';
import { invalidRequest, missingParam, resourceMissing } from '../errors';
import { newSessionId } from '../ids';
import { checkAmount, checkMinimum, MAX_AMOUNT, parseCurrency } from '../money';
import { buildLineItem, buildPrice, buildProduct } from '../objects/line-item';
import { buildSession } from '../objects/session';
import type { Params } from '../params';
import type { PaymentIntentData, SessionRecord } from '../store';

const SESSION_PARAMS = [
  'mode',
  'line_items',
  'success_url',
  'cancel_url',
  'client_reference_id',
  'metadata',
  'customer_email',
  'expires_at',
  'payment_intent_data',
  'expand',
  'currency',
  'locale',
  'payment_method_types',
  'submit_type',
  'ui_mode',
];
const MIN_TTL_S = 30 * 60;
const MAX_TTL_S = 24 * 60 * 60;

function url(params: Params, key: string): string | null {
  const value = params.string(key, { max: 5000 });
  if (value === undefined) return null;
  // The placeholder is not URL syntax; Stripe accepts it and fills it in on redirect.
  const probe = value.replace(/\{CHECKOUT_SESSION_ID\}/g, 'cs');
  // Control characters would be dropped by the URL parser but break the Location header later.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (!/^https?:\/\//i.test(probe) || /[\u0000-\u001f\u007f]/.test(probe) || !URL.canParse(probe)) throw invalidRequest('Not a valid URL', params.name(key), 'url_invalid');
  return value;
}

function email(params: Params, key: string): string | null {
  const value = params.string(key, { max: 800 });
  if (value === undefined) return null;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidRequest(`Invalid email address: ${value}`, params.name(key), 'email_invalid');
  return value;
}

function expiresAt(ctx: Context, params: Params): number {
  const now = ctx.clock.now();
  const value = params.integer('expires_at');
  if (value === undefined) return now + MAX_TTL_S;
  if (value < now + MIN_TTL_S) throw invalidRequest('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at');
  if (value > now + MAX_TTL_S) throw invalidRequest('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at');
  return value;
}

function unitAmount(data: Params): number {
  if (data.has('unit_amount')) return data.integer('unit_amount', { min: 0, max: MAX_AMOUNT }) as number;
  const decimal = data.string('unit_amount_decimal');
  if (decimal === undefined) throw missingParam(data.name('unit_amount'));
  if (!/^\d+(\.0+)?$/.test(decimal)) throw invalidRequest('The sandbox supports only whole minor units in unit_amount_decimal.', data.name('unit_amount_decimal'));
  return Number.parseInt(decimal, 10);
}

function lineItem(ctx: Context, item: Params): Stripe.LineItem {
  item.known(['price', 'price_data', 'quantity']);
  const priceId = item.string('price');
  if (priceId) throw resourceMissing('price', priceId, item.name('price'));
  const data = item.object('price_data', { required: true }) as Params;
  data.known(['currency', 'product', 'product_data', 'unit_amount', 'unit_amount_decimal', 'tax_behavior', 'recurring']);
  if (data.has('recurring')) throw invalidRequest('You must be in `subscription` mode to use recurring prices.', data.name('recurring'));
  const productId = data.string('product');
  if (productId) throw resourceMissing('product', productId, data.name('product'));
  const currency = parseCurrency(data.string('currency', { required: true }) as string, data.name('currency'));
  const amount = unitAmount(data);
  checkAmount(amount, currency, data.name(data.has('unit_amount') ? 'unit_amount' : 'unit_amount_decimal'));
  data.oneOf('tax_behavior', ['exclusive', 'inclusive', 'unspecified']);
  const productData = (data.object('product_data', { required: true }) as Params).known(['name', 'description', 'images', 'metadata', 'tax_code']);
  const quantity = item.integer('quantity', { required: true, min: 1, max: 999_999 }) as number;
  const created = ctx.clock.now();
  const product = buildProduct(created, {
    name: productData.string('name', { required: true }) as string,
    description: productData.string('description') ?? null,
    images: productData.strings('images') ?? [],
    metadata: productData.metadata('metadata') ?? {},
  });
  const price = buildPrice(created, currency, amount, product.id);
  ctx.store.products.set(product.id, product);
  ctx.store.prices.set(price.id, price);
  return buildLineItem(price, product, quantity);
}

function lineItems(ctx: Context, params: Params): Stripe.LineItem[] {
  const items = params.objects('line_items', { required: true }) as Params[];
  if (items.length === 0) throw missingParam('line_items');
  if (items.length > 100) throw invalidRequest('line_items can have at most 100 items.', 'line_items');
  return items.map((item) => lineItem(ctx, item));
}

function sessionCurrency(params: Params, items: Stripe.LineItem[]): string {
  const currency = (items[0] as Stripe.LineItem).currency;
  if (items.some((i) => i.currency !== currency)) throw invalidRequest('All line_items must have the same currency.', 'line_items');
  const asked = params.string('currency');
  if (asked && parseCurrency(asked, 'currency') !== currency) throw invalidRequest(`currency (${asked}) must match the currency of the line_items (${currency}).`, 'currency');
  return currency;
}

function paymentIntentData(params: Params): PaymentIntentData {
  const data = params.object('payment_intent_data');
  data?.known(['metadata', 'description', 'receipt_email', 'statement_descriptor', 'statement_descriptor_suffix', 'capture_method']);
  data?.oneOf('capture_method', ['automatic', 'automatic_async']);
  return {
    metadata: data?.metadata('metadata') ?? {},
    description: data?.string('description', { max: 1000 }) ?? null,
    receipt_email: data ? email(data, 'receipt_email') : null,
    statement_descriptor: data?.string('statement_descriptor', { max: 22 }) ?? null,
    statement_descriptor_suffix: data?.string('statement_descriptor_suffix', { max: 22 }) ?? null,
  };
}

export function createSession(ctx: Context, params: Params): SessionRecord {
  params.known(SESSION_PARAMS);
  const mode = params.oneOf('mode', ['payment', 'setup', 'subscription'], { required: true });
  if (mode !== 'payment') throw invalidRequest(`The sandbox supports mode=payment only, not ${mode}.`, 'mode');
  params.oneOf('ui_mode', ['hosted', 'hosted_page']);
  const items = lineItems(ctx, params);
  const currency = sessionCurrency(params, items);
  const total = items.reduce((sum, item) => sum + item.amount_total, 0);
  if (total > 0) checkMinimum(total, currency, 'line_items');
  checkAmount(total, currency, 'line_items');
  const id = newSessionId();
  const session = buildSession({
    id,
    created: ctx.clock.now(),
    expiresAt: expiresAt(ctx, params),
    url: `${ctx.baseUrl}/c/pay/${id}`,
    currency,
    amountSubtotal: total,
    amountTotal: total,
    successUrl: url(params, 'success_url'),
    cancelUrl: url(params, 'cancel_url'),
    clientReferenceId: params.string('client_reference_id', { max: 200 }) ?? null,
    customerEmail: email(params, 'customer_email'),
    metadata: params.metadata('metadata') ?? {},
    paymentMethodTypes: params.strings('payment_method_types') ?? ['card'],
    locale: params.string('locale', { max: 10 }) ?? null,
    submitType: params.oneOf('submit_type', ['auto', 'book', 'donate', 'pay', 'subscribe']) ?? null,
  });
  const record: SessionRecord = { session, lineItems: items, paymentIntentData: paymentIntentData(params) };
  ctx.store.sessions.set(id, record);
  return record;
}
