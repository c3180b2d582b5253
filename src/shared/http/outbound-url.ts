import { z } from 'zod';
import { unavailable, unprocessable } from '../errors';
import { isUnknownHost, OutboundRefused, outboundUrlProblem, resolveOutbound, type OutboundPolicy } from './outbound-address';

/** A URL an admin types in for us to call (a partner's referral URL, a merchant's webhook
 * endpoint): the outbound policy decides where it may point (https only, and in production public
 * addresses only); a fragment means nothing to a server. The address the name resolves to is
 * checked by the caller when saved, and again at every call. */
export function outboundUrlSchema(outbound: OutboundPolicy) {
  return z
    .string()
    .max(2048, 'At most 2048 characters.')
    .pipe(z.url('An absolute URL.'))
    .superRefine((value, ctx) => {
      // zod runs refinements even when the URL check above failed.
      if (!URL.canParse(value)) return;
      const url = new URL(value);
      const problem = outboundUrlProblem(url, outbound);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
      if (url.hash) ctx.addIssue({ code: 'custom', message: 'No #fragment.' });
    });
}

/** In production the name must resolve, and only to public addresses, when it is saved (the admin
 * hears of a mistake now; every call checks again). Outside production names are not looked up
 * here: test and example hosts have none. A 422 names `field`; a resolver that cannot answer now
 * is a 503. */
export async function checkOutboundUrlAtSave(outbound: OutboundPolicy, value: string, field: string): Promise<void> {
  if (!outbound.publicOnly) return;
  const refuse = (message: string) => unprocessable('validation_failed', 'The request body has invalid fields.', [{ path: field, message }]);
  try {
    await resolveOutbound(new URL(value), outbound);
  } catch (err) {
    if (err instanceof OutboundRefused) throw refuse(err.message);
    if (isUnknownHost(err)) throw refuse('The host name does not resolve.');
    throw unavailable('dns_unavailable', `The ${field}'s host name could not be looked up; try again shortly.`, 30);
  }
}
