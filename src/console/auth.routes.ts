import { timingSafeEqual } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { AppError } from '../shared/errors';
import { parseOrThrow } from '../shared/http/validate';
import { STAFF_ROLES } from '../staff-auth';
import { devSignInPage, notConfiguredPage, oidcSignInPage, signedInPage } from './auth.views';
import { checkCsrf, csrfRefused, sessionOf, type SessionDeps } from './console-session';
import { clearCookie, cookiesNamed, setSessionCookie, setSignInCookie } from './cookies';
import { endSession, newSecret, recallSignIn, rememberSignIn, startSession } from './sessions.service';
import type { OidcSignIn } from './oidc';
import { doneCode, sendPage } from './send-page';

export interface AuthDeps extends SessionDeps {
  /** How staff sign in: the identity provider, the development page, or not at all. */
  mode: { kind: 'oidc'; oidc: OidcSignIn; publicBaseUrl: string } | { kind: 'dev' } | { kind: 'none' };
}

const devSignIn = z
  .object({
    _csrf: z.string(),
    sub: z.string().trim().min(1, 'Required.').max(100, 'At most 100 characters.'),
    roles: z.union([z.enum(STAFF_ROLES), z.array(z.enum(STAFF_ROLES)).min(1, 'Choose at least one role.')], { error: 'Choose at least one role.' }),
  })
  .strict();

const MESSAGES: Record<string, string> = { 'signed-out': 'You have signed out.', expired: 'Your session has ended; sign in again.' };

export function authRoutes(deps: AuthDeps): Router {
  const router = Router();
  router.get('/console/sign-in', (req, res) => {
    const message = MESSAGES[doneCode(req.query.done)];
    if (deps.mode.kind === 'oidc') return void sendPage(res, 200, oidcSignInPage(message));
    if (deps.mode.kind === 'none') return void sendPage(res, 503, notConfiguredPage());
    // Before a session exists there is no session token: the form's token is checked against a
    // cookie of ours (double submit), which a page on another site can neither read nor set.
    const csrf = newSecret();
    setSignInCookie(res, deps.cookies, csrf);
    sendPage(res, 200, devSignInPage(csrf, message));
  });
  router.post('/console/sign-in', async (req, res) => {
    if (deps.mode.kind !== 'dev') throw new AppError(404, 'not_found', 'Not found', { detail: 'Sign in through the identity provider.' });
    if (!cookiesNamed(req, deps.cookies.signIn).some((c) => sameSecret(c, (req.body as { _csrf?: unknown })._csrf))) throw csrfRefused();
    const { sub, roles } = parseOrThrow(devSignIn, req.body, 'body');
    const staff = { sub, roles: [...new Set(Array.isArray(roles) ? roles : [roles])] };
    await signIn(deps, res, await startSession(deps.db, deps.rules, staff, 'dev'));
    res.redirect(303, '/console');
  });
  router.get('/console/auth/start', async (_req, res) => {
    if (deps.mode.kind !== 'oidc') return void res.redirect(303, '/console/sign-in');
    const { url, pending } = await deps.mode.oidc.start();
    setSignInCookie(res, deps.cookies, await rememberSignIn(deps.db, pending));
    res.redirect(303, url.href);
  });
  router.get('/console/auth/callback', async (req, res) => {
    if (deps.mode.kind !== 'oidc') return void res.redirect(303, '/console/sign-in');
    const pending = await firstPending(deps, req);
    if (!pending)
      throw new AppError(400, 'sign_in_unknown', 'Sign-in not recognised', { detail: 'This sign-in was not started in this browser, or it took too long. Start again.' });
    const callback = new URL(req.originalUrl, deps.mode.publicBaseUrl);
    const staff = await deps.mode.oidc.finish(callback, pending);
    await signIn(deps, res, await startSession(deps.db, deps.rules, staff, 'oidc'));
    sendPage(res, 200, signedInPage());
  });
  router.post('/console/sign-out', async (req, res) => {
    checkCsrf(req, sessionOf(res).csrfToken);
    for (const secret of cookiesNamed(req, deps.cookies.session)) await endSession(deps.db, secret);
    clearCookie(res, deps.cookies, deps.cookies.session);
    res.redirect(303, '/console/sign-in?done=signed-out');
  });
  return router;
}

async function signIn(deps: AuthDeps, res: Response, secret: string): Promise<void> {
  setSessionCookie(res, deps.cookies, secret, deps.rules.maxHours);
  clearCookie(res, deps.cookies, deps.cookies.signIn);
}

async function firstPending(deps: AuthDeps, req: Request) {
  for (const secret of cookiesNamed(req, deps.cookies.signIn)) {
    const pending = await recallSignIn(deps.db, secret);
    if (pending) return pending;
  }
  return undefined;
}

function sameSecret(cookie: string, field: unknown): boolean {
  if (typeof field !== 'string' || field.length !== cookie.length) return false;
  return timingSafeEqual(Buffer.from(cookie), Buffer.from(field));
}
