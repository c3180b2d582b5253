/** The shape of an API route: a handler gets parsed parameters and answers the body of a 200. */
import type { Context, RequestInfo } from '../context';
import { expand } from '../expand';
import { list } from '../list';
import type { Params } from '../params';

export interface ApiRequest {
  params: Params;
  /** The ids captured from the path, e.g. the session id of `/v1/checkout/sessions/{session}`. */
  ids: string[];
  info: RequestInfo;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handler: (ctx: Context, req: ApiRequest) => unknown;
}

/** A copy of a stored object, with the `expand[]` the request asked for. */
export function output<T>(ctx: Context, object: T, params: Params): T {
  const paths = params.strings('expand');
  return expand(ctx.store, (node, field) => virtualField(ctx, node, field), structuredClone(object), paths);
}

function virtualField(ctx: Context, node: Record<string, unknown>, field: string): unknown {
  const id = String(node.id);
  if (node.object === 'checkout.session' && field === 'line_items') {
    return list(structuredClone(ctx.store.sessions.get(id)?.lineItems ?? []), `/v1/checkout/sessions/${id}/line_items`);
  }
  if (node.object === 'charge' && field === 'refunds') {
    return list(structuredClone(ctx.store.refundsOfCharge(id)), `/v1/charges/${id}/refunds`);
  }
  return undefined;
}
