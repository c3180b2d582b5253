import { Router, type CookieOptions, type Request, type Response } from 'express';
import { z } from 'zod';
import type { OrdersRouteDeps } from '../orders';
import type { ApiDocs } from '../shared/http/openapi';
import { cookieValues } from '../shared/http/cookies';
import type { CookieKeys } from './cookie-keys';
import { openPrefill, PREFILL_COOKIE, PREFILL_TTL_SECONDS, prefillCustomer, sealPrefill, type PrefillCustomer } from './prefill-cookie';

export interface PrefillDeps {
  keys: () => Promise<CookieKeys>;
  /** Secure whenever the public URL is https. */
  secure: boolean;
}

type AfterPlaced = NonNullable<OrdersRouteDeps['afterPlaced']>[number];

export function prefillRoutes(deps: PrefillDeps, docs: ApiDocs): Router {
  const router = Router();
  document(docs);
  router.get('/api/prefill', async (req, res) => {
    res.set({ 'Cache-Control': 'no-store', Vary: 'Cookie' });
    const customer = await readPrefill(deps, req, res);
    if (customer) res.json({ customer });
    else res.status(204).end();
  });
  router.delete('/api/prefill', (_req, res) => {
    res.clearCookie(PREFILL_COOKIE, cookieOptions(deps));
    res.set('Cache-Control', 'no-store').status(204).end();
  });
  return router;
}

/** After an order: remember the details only when the shopper asked (remember_me) and sent no
 * Sec-GPC. A shopper who now declines, or sends Sec-GPC, is forgotten. */
export function rememberMe(deps: PrefillDeps): AfterPlaced {
  return async (req, res, input) => {
    if (input.remember_me && req.get('Sec-GPC') !== '1') {
      const { name, email, company, country, phone } = input.customer;
      const sealed = await sealPrefill(await deps.keys(), { name, email, country, ...(company ? { company } : {}), ...(phone ? { phone } : {}) });
      res.cookie(PREFILL_COOKIE, sealed, { ...cookieOptions(deps), maxAge: PREFILL_TTL_SECONDS * 1000 });
    } else if (carriesPrefillCookie(req)) {
      res.clearCookie(PREFILL_COOKIE, cookieOptions(deps));
    }
  };
}

/** A cookie that does not open (tampered, foreign, expired, too big) is cleared, never an error,
 * and nothing of it is logged. A browser may send a stale copy beside ours: any that opens wins. */
async function readPrefill(deps: PrefillDeps, req: Request, res: Response): Promise<PrefillCustomer | undefined> {
  const values = cookieValues(req.headers.cookie, PREFILL_COOKIE);
  if (values.length === 0) return undefined;
  const keys = await deps.keys();
  for (const value of values) {
    const customer = await openPrefill(keys, value);
    if (customer) return customer;
  }
  res.clearCookie(PREFILL_COOKIE, cookieOptions(deps));
  return undefined;
}

/** For the same-site guard: does this request carry our cookie (valid or not)? */
export function carriesPrefillCookie(req: Request): boolean {
  return cookieValues(req.headers.cookie, PREFILL_COOKIE).length > 0;
}

function cookieOptions(deps: PrefillDeps): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure: deps.secure, path: '/api' };
}

function document(docs: ApiDocs): void {
  docs.add(
    {
      method: 'get',
      path: '/api/prefill',
      tag: 'Shoppers',
      summary: 'The details remembered by the remember-me cookie (set only when an order said remember_me: true)',
      responses: { 200: { description: 'Remembered details', schema: z.object({ customer: prefillCustomer }) }, 204: { description: 'Nothing remembered' } },
    },
    {
      method: 'delete',
      path: '/api/prefill',
      tag: 'Shoppers',
      summary: 'Forget the remembered details: the cookie is cleared',
      responses: { 204: { description: 'Forgotten' } },
    },
  );
}
