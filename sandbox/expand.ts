/** `expand[]`: replaces an id with the object it names, along dotted paths (`payment_intent.latest_charge`,
 * `data.payment_intent` on lists), up to Stripe's four levels. Some fields exist only when expanded
 * (`line_items` on a Checkout Session, `refunds` on a charge); `virtual` supplies those. */
import { invalidRequest } from './errors';
import type { Store } from './store';

type Node = Record<string, unknown>;
export type VirtualField = (node: Node, field: string) => unknown;

const MAX_DEPTH = 4;

function notExpandable(path: string): never {
  throw invalidRequest(`This property cannot be expanded (${path}).`, 'expand');
}

function expandPath(store: Store, virtual: VirtualField, node: Node, segments: string[], path: string): void {
  const [field, ...rest] = segments as [string, ...string[]];
  if (node.object === 'list' && field === 'data') {
    for (const item of node.data as Node[]) if (rest.length > 0) expandPath(store, virtual, item, rest, path);
    return;
  }
  let value = node[field] === undefined ? virtual(node, field) : node[field];
  if (value === undefined) notExpandable(path);
  if (typeof value === 'string') {
    const found = store.findById(value);
    if (!found) notExpandable(path);
    value = structuredClone(found);
  }
  node[field] = value;
  if (rest.length > 0 && value !== null && typeof value === 'object') expandPath(store, virtual, value as Node, rest, path);
}

/** Expands `paths` in place on `root`, which must be a copy (never a stored object). */
export function expand<T>(store: Store, virtual: VirtualField, root: T, paths: string[] | undefined): T {
  for (const path of paths ?? []) {
    const segments = path.split('.');
    const depth = segments.filter((s) => s !== 'data').length;
    if (depth > MAX_DEPTH) throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`, 'expand');
    if (segments.some((s) => s === '')) notExpandable(path);
    expandPath(store, virtual, root as Node, segments, path);
  }
  return root;
}
