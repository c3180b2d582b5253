/** /v1/refunds: create (full or partial, by charge or PaymentIntent), retrieve, list, update metadata. */
import type Stripe from 'stripe';
import type { Context } from '../context';
import { exclusiveParams, invalidRequest, resourceMissing } from '../errors';
import { createRefund } from '../flows/refund';
import { createdFilter, LIST_PARAMS, paginate } from '../list';
import { type ApiRequest, output, type Route } from './types';

function find(ctx: Context, id: string): Stripe.Refund {
  const refund = ctx.store.refunds.get(id);
  if (!refund) throw resourceMissing('refund', id, 'refund');
  return refund;
}

function create(ctx: Context, { params, info }: ApiRequest) {
  params.known(['charge', 'payment_intent', 'amount', 'reason', 'metadata', 'expand']);
  const charge = params.string('charge');
  const paymentIntent = params.string('payment_intent');
  if (!charge && !paymentIntent) throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', 'charge', 'parameter_missing');
  if (charge && paymentIntent) throw exclusiveParams('charge', 'payment_intent');
  const refund = createRefund(
    ctx,
    {
      charge,
      paymentIntent,
      amount: params.integer('amount', { min: 1 }),
      reason: params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null,
      metadata: params.metadata('metadata') ?? {},
    },
    info,
  );
  return output(ctx, refund, params);
}

function list(ctx: Context, { params }: ApiRequest) {
  params.known([...LIST_PARAMS, 'charge', 'payment_intent', 'created']);
  const charge = params.string('charge');
  const paymentIntent = params.string('payment_intent');
  const created = createdFilter(params);
  const refunds = [...ctx.store.refunds.values()].filter((r) => created(r) && (!charge || r.charge === charge) && (!paymentIntent || r.payment_intent === paymentIntent)).reverse();
  return output(ctx, paginate(refunds, params, '/v1/refunds', 'refund'), params);
}

export const refundRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/refunds$/, handler: create },
  { method: 'GET', pattern: /^\/v1\/refunds$/, handler: list },
  { method: 'GET', pattern: /^\/v1\/refunds\/([^/]+)$/, handler: (ctx, { params, ids }) => output(ctx, find(ctx, ids[0] as string), params.known(['expand'])) },
  {
    method: 'POST',
    pattern: /^\/v1\/refunds\/([^/]+)$/,
    handler: (ctx, { params, ids }) => {
      params.known(['metadata', 'expand']);
      const refund = find(ctx, ids[0] as string);
      refund.metadata = params.metadataUpdate('metadata', refund.metadata ?? {}) ?? refund.metadata;
      return output(ctx, refund, params);
    },
  },
];
