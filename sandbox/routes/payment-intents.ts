/** /v1/payment_intents: create, retrieve, update (descriptive fields), list, cancel. Confirmation
 * happens only through Checkout's hosted page, never with card details sent here. */
import type Stripe from 'stripe';
import { type Context, emit } from '../context';
import { exclusiveParams, invalidRequest, resourceMissing, unexpectedState } from '../errors';
import { cancelPaymentIntent } from '../flows/expire';
import { createdFilter, LIST_PARAMS, paginate } from '../list';
import { checkAmount, checkMinimum, parseCurrency } from '../money';
import { buildPaymentIntent } from '../objects/payment-intent';
import type { Params } from '../params';
import { type ApiRequest, output, type Route } from './types';

const CREATE_PARAMS = [
  'amount',
  'currency',
  'metadata',
  'description',
  'receipt_email',
  'statement_descriptor',
  'statement_descriptor_suffix',
  'payment_method_types',
  'automatic_payment_methods',
  'capture_method',
  'confirm',
  'expand',
];

function find(ctx: Context, id: string): Stripe.PaymentIntent {
  const pi = ctx.store.paymentIntents.get(id);
  if (!pi) throw resourceMissing('payment_intent', id, 'intent');
  return pi;
}

function create(ctx: Context, { params, info }: ApiRequest) {
  params.known(CREATE_PARAMS);
  const amount = params.integer('amount', { required: true, min: 0 }) as number;
  const currency = parseCurrency(params.string('currency', { required: true }) as string, 'currency');
  checkAmount(amount, currency, 'amount');
  checkMinimum(amount, currency, 'amount');
  if (params.boolean('confirm')) throw invalidRequest('The sandbox confirms payments only through Checkout; create the PaymentIntent without confirm.', 'confirm');
  params.oneOf('capture_method', ['automatic', 'automatic_async']);
  const types = params.strings('payment_method_types');
  const automatic = params.object('automatic_payment_methods')?.known(['enabled', 'allow_redirects']);
  if (types && automatic) throw exclusiveParams('automatic_payment_methods', 'payment_method_types', 'automatic_payment_methods');
  const pi = buildPaymentIntent({
    created: ctx.clock.now(),
    amount,
    currency,
    metadata: params.metadata('metadata') ?? {},
    description: params.string('description', { max: 1000 }) ?? null,
    receiptEmail: params.string('receipt_email') ?? null,
    statementDescriptor: params.string('statement_descriptor', { max: 22 }) ?? null,
    statementDescriptorSuffix: params.string('statement_descriptor_suffix', { max: 22 }) ?? null,
    paymentMethodTypes: types ?? ['card'],
  });
  if (!types) pi.automatic_payment_methods = { allow_redirects: automatic?.oneOf('allow_redirects', ['always', 'never']) ?? 'always', enabled: true };
  ctx.store.paymentIntents.set(pi.id, pi);
  emit(ctx, 'payment_intent.created', pi, info);
  return output(ctx, pi, params);
}

function update(ctx: Context, { params, ids }: ApiRequest) {
  params.known(['metadata', 'description', 'receipt_email', 'expand']);
  const pi = find(ctx, ids[0] as string);
  pi.metadata = params.metadataUpdate('metadata', pi.metadata) ?? pi.metadata;
  if (params.has('description')) pi.description = params.string('description', { max: 1000 }) ?? null;
  if (params.has('receipt_email')) pi.receipt_email = params.string('receipt_email') ?? null;
  return output(ctx, pi, params);
}

function cancel(ctx: Context, { params, ids, info }: ApiRequest) {
  params.known(['cancellation_reason', 'expand']);
  const pi = find(ctx, ids[0] as string);
  const reason = params.oneOf('cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']) ?? null;
  const session = ctx.store.sessionOfPaymentIntent(pi.id)?.session;
  if (session?.status === 'open') {
    throw unexpectedState(`This PaymentIntent is managed by Checkout Session ${session.id}, which is still open; expire the session instead.`);
  }
  cancelPaymentIntent(ctx, pi, reason as Stripe.PaymentIntent.CancellationReason, info);
  return output(ctx, pi, params);
}

function list(ctx: Context, { params }: ApiRequest) {
  params.known([...LIST_PARAMS, 'created', 'customer']);
  const none = params.string('customer') !== undefined;
  const created = createdFilter(params);
  const items = [...ctx.store.paymentIntents.values()].filter((pi) => !none && created(pi)).reverse();
  return output(ctx, paginate(items, params, '/v1/payment_intents', 'payment_intent'), params);
}

const retrieve = (ctx: Context, params: Params, id: string) => output(ctx, find(ctx, id), params.known(['expand', 'client_secret']));

export const paymentIntentRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/payment_intents$/, handler: create },
  { method: 'GET', pattern: /^\/v1\/payment_intents$/, handler: list },
  { method: 'GET', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handler: (ctx, { params, ids }) => retrieve(ctx, params, ids[0] as string) },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)$/, handler: update },
  { method: 'POST', pattern: /^\/v1\/payment_intents\/([^/]+)\/cancel$/, handler: cancel },
];
