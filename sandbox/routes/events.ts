/** /v1/events: retrieve and list (by `type`, with `*` wildcards, or `types[]`, and `created`). */
import type Stripe from 'stripe';
import type { Context } from '../context';
import { exclusiveParams, resourceMissing } from '../errors';
import { createdFilter, LIST_PARAMS, paginate } from '../list';
import { type ApiRequest, output, type Route } from './types';

function typeMatcher(pattern: string): (type: string) => boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^]*')}$`,
  );
  return (type) => regex.test(type);
}

function list(ctx: Context, { params }: ApiRequest) {
  params.known([...LIST_PARAMS, 'type', 'types', 'created']);
  const type = params.string('type');
  const types = params.strings('types');
  if (type && types) throw exclusiveParams('type', 'types');
  const matchers = (types ?? (type ? [type] : [])).map(typeMatcher);
  const created = createdFilter(params);
  const events = [...ctx.store.events.values()].filter((e) => created(e) && (matchers.length === 0 || matchers.some((m) => m(e.type)))).reverse();
  return output(ctx, paginate(events, params, '/v1/events', 'event'), params);
}

export function findEvent(ctx: Context, id: string): Stripe.Event {
  const event = ctx.store.events.get(id);
  if (!event) throw resourceMissing('event', id, 'id');
  return event;
}

export const eventRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/events$/, handler: list },
  {
    method: 'GET',
    pattern: /^\/v1\/events\/([^/]+)$/,
    handler: (ctx, { params, ids }) => output(ctx, findEvent(ctx, ids[0] as string), params.known(['expand'])),
  },
];
