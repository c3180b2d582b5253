/** /v1/checkout/sessions: create, retrieve, list (by payment_intent, status, ...), expire, line items. */
import type { Context } from '../context';
import { resourceMissing } from '../errors';
import { expireSession } from '../flows/expire';
import { createdFilter, LIST_PARAMS, paginate } from '../list';
import type { Params } from '../params';
import type { SessionRecord } from '../store';
import { createSession } from './session-create';
import { type ApiRequest, output, type Route } from './types';

/** The session with this id, or Stripe's 404 naming it. */
export function findSession(ctx: Context, id: string): SessionRecord {
  const record = ctx.store.sessions.get(id);
  if (!record) throw resourceMissing('checkout.session', id, 'session');
  return record;
}

function list(ctx: Context, { params }: ApiRequest) {
  params.known([...LIST_PARAMS, 'payment_intent', 'status', 'customer', 'customer_details', 'payment_link', 'subscription', 'created']);
  const paymentIntent = params.string('payment_intent');
  const status = params.oneOf('status', ['open', 'complete', 'expired']);
  const email = params.object('customer_details')?.known(['email']).string('email', { required: true });
  // No sandbox session has a customer, payment link or subscription: filtering by one finds none.
  const none = ['customer', 'payment_link', 'subscription'].some((key) => params.string(key) !== undefined);
  const created = createdFilter(params);
  const sessions = [...ctx.store.sessions.values()]
    .map((r) => r.session)
    .filter((s) => !none && created(s))
    .filter((s) => (!paymentIntent || s.payment_intent === paymentIntent) && (!status || s.status === status))
    .filter((s) => !email || s.customer_details?.email === email || s.customer_email === email)
    .reverse();
  return output(ctx, paginate(sessions, params, '/v1/checkout/sessions', 'checkout.session'), params);
}

function lineItems(ctx: Context, { params, ids }: ApiRequest) {
  params.known(LIST_PARAMS);
  const record = findSession(ctx, ids[0] as string);
  return output(ctx, paginate(record.lineItems, params, `/v1/checkout/sessions/${record.session.id}/line_items`, 'item'), params);
}

const retrieve = (ctx: Context, params: Params, id: string) => output(ctx, findSession(ctx, id).session, params.known(['expand']));

export const checkoutSessionRoutes: Route[] = [
  { method: 'POST', pattern: /^\/v1\/checkout\/sessions$/, handler: (ctx, { params }) => output(ctx, createSession(ctx, params).session, params) },
  { method: 'GET', pattern: /^\/v1\/checkout\/sessions$/, handler: list },
  { method: 'GET', pattern: /^\/v1\/checkout\/sessions\/([^/]+)$/, handler: (ctx, { params, ids }) => retrieve(ctx, params, ids[0] as string) },
  {
    method: 'POST',
    pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/,
    handler: (ctx, { params, ids, info }) => {
      params.known(['expand']);
      const record = findSession(ctx, ids[0] as string);
      expireSession(ctx, record, info);
      return output(ctx, record.session, params);
    },
  },
  { method: 'GET', pattern: /^\/v1\/checkout\/sessions\/([^/]+)\/line_items$/, handler: lineItems },
];
