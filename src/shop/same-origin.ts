import type { Request, RequestHandler } from 'express';
import { AppError } from '../shared/errors';

/**
 * The shop's CSRF lock: a checkout is accepted only from a page of this site. Browsers say where a
 * request comes from in `Sec-Fetch-Site` (every current one sends it): only `same-origin` passes.
 * Without it (older browsers, API clients) an `Origin`, if sent, must be ours: the public URL, or
 * the address the request itself was sent to (a newcomer on localhost:3000 when PUBLIC_BASE_URL
 * says 127.0.0.1). The shop's pages send Referrer-Policy: same-origin, so a browser's own form
 * post carries its real Origin, not `null`.
 */
export function sameOriginPosts(publicBaseUrl: string): RequestHandler {
  const publicOrigin = new URL(publicBaseUrl).origin.toLowerCase();
  return (req, _res, next) => {
    if (req.method !== 'POST' || fromThisSite(req, publicOrigin)) return next();
    throw new AppError(403, 'cross_site_request', 'Forbidden', { detail: 'This form was posted from another site: refused. Place the order from the shop’s own page.' });
  };
}

function fromThisSite(req: Request, publicOrigin: string): boolean {
  const site = req.get('Sec-Fetch-Site');
  if (site !== undefined) return site === 'same-origin';
  const origin = req.get('Origin')?.toLowerCase();
  return origin === undefined || origin === publicOrigin || origin === `${req.protocol}://${req.get('host') ?? ''}`.toLowerCase();
}
