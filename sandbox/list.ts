/** Stripe's list envelope and cursor pagination: newest first, `limit` 1–100 (default 10),
 * `starting_after` / `ending_before` naming an object of the list. */
import type Stripe from 'stripe';
import { exclusiveParams, resourceMissing } from './errors';
import type { Params } from './params';

export const LIST_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand'] as const;

function cursorIndex<T extends { id: string }>(items: T[], id: string, param: string, kind: string): number {
  const index = items.findIndex((item) => item.id === id);
  if (index === -1) throw resourceMissing(kind, id, param);
  return index;
}

/** `items` must already be ordered newest first. */
export function paginate<T extends { id: string }>(items: T[], params: Params, url: string, kind: string): Stripe.ApiList<T> {
  const limit = params.integer('limit', { min: 1, max: 100 }) ?? 10;
  const after = params.string('starting_after');
  const before = params.string('ending_before');
  if (after && before) throw exclusiveParams('starting_after', 'ending_before');
  let page: T[];
  let hasMore: boolean;
  if (before) {
    const end = cursorIndex(items, before, 'ending_before', kind);
    page = items.slice(Math.max(0, end - limit), end);
    hasMore = end - limit > 0;
  } else {
    const start = after ? cursorIndex(items, after, 'starting_after', kind) + 1 : 0;
    page = items.slice(start, start + limit);
    hasMore = start + limit < items.length;
  }
  return { object: 'list', data: page, has_more: hasMore, url };
}

export function list<T>(data: T[], url: string): Stripe.ApiList<T> {
  return { object: 'list', data, has_more: false, url };
}

/** `created=T` or `created[gt|gte|lt|lte]=T`, as on every Stripe list endpoint. */
export function createdFilter(params: Params): (item: { created: number }) => boolean {
  if (!params.has('created')) return () => true;
  if (typeof params.data.created === 'string') {
    const exact = params.integer('created');
    return (item) => item.created === exact;
  }
  const range = params.object('created')?.known(['gt', 'gte', 'lt', 'lte']);
  const bound = (key: string) => range?.integer(key);
  const [gt, gte, lt, lte] = [bound('gt'), bound('gte'), bound('lt'), bound('lte')];
  return (item) =>
    (gt === undefined || item.created > gt) && (gte === undefined || item.created >= gte) && (lt === undefined || item.created < lt) && (lte === undefined || item.created <= lte);
}
