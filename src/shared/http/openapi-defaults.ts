import { BODY_LIMIT } from './body';
import type { ResponseDoc, RouteDoc } from './openapi-types';
import type { JsonSchema } from './openapi-schemas';

/**
 * The answers that come from the plumbing rather than the route (the staff guard, the JSON parser,
 * validation, the card guard, the error handler), for every route they apply to. A route's own
 * description of a status wins; these fill in what it leaves out, so no route documents them by hand
 * and none forgets them.
 */
export function defaultResponses(r: RouteDoc): Record<string, ResponseDoc> {
  const reasons: Record<number, string[]> = {};
  const add = (status: number, reason: string) => (reasons[status] ??= []).push(reason);
  if (r.auth === 'staff') {
    add(401, 'No staff token, or an expired, forged or foreign one');
    add(403, `The token lacks the role (${(r.roles ?? []).join(' or ')})`);
    add(429, 'Too many failed sign-ins from this address; Retry-After says when to try again');
  }
  if (r.auth === 'order_token') add(401, 'No order_token, or one issued for another order');
  if (r.body) {
    add(400, 'Malformed JSON');
    add(413, `A body over ${BODY_LIMIT}`);
    add(415, 'A body that is not application/json');
    add(422, 'Invalid or unknown fields, each named in `errors`');
  }
  if (r.query) add(400, 'An invalid or unknown query parameter, named in `errors`');
  if (r.cardGuard !== false) add(422, 'A card number in the body, query string or path (`card_data_refused`): refused, never stored or echoed');
  const out: Record<string, ResponseDoc> = {};
  for (const [status, list] of Object.entries(reasons)) out[status] = { description: list.join('; ') };
  out.default = { description: 'Any other error, as a problem: 500 (no internals), 503 with Retry-After during an outage' };
  return out;
}

/** The body of every error answer (see problem.ts), as the `Problem` component. */
export const PROBLEM: JsonSchema = {
  type: 'object',
  description: 'RFC 9457 problem details; `errors` names each invalid field, never echoing its value',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable, for programs: validation_failed, card_data_refused, ...' },
    errors: {
      type: 'array',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};
