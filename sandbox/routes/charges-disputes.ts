/** /v1/charges/{charge} and /v1/disputes/{dispute}: retrieve (the sandbox creates both itself). */
import type { Context } from '../context';
import { resourceMissing } from '../errors';
import type { Params } from '../params';
import { output, type Route } from './types';

function retrieveCharge(ctx: Context, params: Params, id: string) {
  const charge = ctx.store.charges.get(id);
  if (!charge) throw resourceMissing('charge', id, 'charge');
  return output(ctx, charge, params.known(['expand']));
}

function retrieveDispute(ctx: Context, params: Params, id: string) {
  const dispute = ctx.store.disputes.get(id);
  if (!dispute) throw resourceMissing('dispute', id, 'dispute');
  return output(ctx, dispute, params.known(['expand']));
}

export const chargeAndDisputeRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/charges\/([^/]+)$/, handler: (ctx, { params, ids }) => retrieveCharge(ctx, params, ids[0] as string) },
  { method: 'GET', pattern: /^\/v1\/disputes\/([^/]+)$/, handler: (ctx, { params, ids }) => retrieveDispute(ctx, params, ids[0] as string) },
];
