import type { Request, RequestHandler } from 'express';
import { AppError } from '../errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses state-changing requests that carry our cookie but come from another site: a page
 * elsewhere must not act with the shopper's remembered details (CSRF). SameSite=Lax already keeps
 * the cookie off most cross-site requests; this is the second lock, using what browsers say about
 * a request: Fetch Metadata (`Sec-Fetch-Site: cross-site`) or, for browsers without it, an
 * `Origin` other than our public one. Requests without the cookie (API clients, staff tools) are
 * not affected: they carry no ambient credentials to abuse.
 */
export function sameSiteGuard(opts: { publicBaseUrl: string; carriesCookie: (req: Request) => boolean }): RequestHandler {
  const ownOrigin = new URL(opts.publicBaseUrl).origin.toLowerCase();
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || !opts.carriesCookie(req)) return next();
    const site = req.get('Sec-Fetch-Site');
    const origin = req.get('Origin');
    if (site === 'cross-site' || (origin !== undefined && origin.toLowerCase() !== ownOrigin)) {
      throw new AppError(403, 'cross_site_request', 'Forbidden', { detail: 'This request came from another site and carries our cookie: refused.' });
    }
    next();
  };
}
