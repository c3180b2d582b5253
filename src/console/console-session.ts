import { timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { AppError, forbidden } from '../shared/errors';
import type { StaffRole } from '../staff-auth';
import { cookiesNamed, type CookiePolicy } from './cookies';
import { resumeSession, type ConsoleSession, type SessionRules } from './sessions.service';
import type { Db } from '../database';

declare global {
  namespace Express {
    interface Locals {
      /** Set by consoleSession for a signed-in browser; read it with sessionOf(res). */
      consoleSession?: ConsoleSession;
    }
  }
}

export interface SessionDeps {
  db: Db;
  rules: SessionRules;
  cookies: CookiePolicy;
}

/** Thrown to send a browser without a live session to the sign-in page. */
export class SignInRequired extends AppError {
  constructor() {
    super(401, 'sign_in_required', 'Sign in required', { detail: 'Your session has ended or you have not signed in.' });
  }
}

/** Finds the browser's live session, if any, and puts the staff member where staffActor() reads
 * it, so console actions are named in history and the audit log as API calls are. */
export function consoleSession(deps: SessionDeps): RequestHandler {
  return async (req, res, next) => {
    for (const secret of cookiesNamed(req, deps.cookies.session)) {
      const session = await resumeSession(deps.db, deps.rules, secret);
      if (session) {
        res.locals.consoleSession = session;
        res.locals.staff = session.staff;
        break;
      }
    }
    next();
  };
}

export function sessionOf(res: Response): ConsoleSession {
  const session = res.locals.consoleSession;
  if (!session) throw new SignInRequired();
  return session;
}

/** A signed-in staff member holding one of `roles`; a POST must also carry the session's CSRF token. */
export function requireConsole(...roles: StaffRole[]): RequestHandler {
  return (req, res, next) => {
    const session = sessionOf(res);
    if (roles.length > 0 && !roles.some((r) => session.staff.roles.includes(r))) throw forbidden(`This page needs the role ${roles.join(' or ')}.`);
    if (req.method === 'POST') checkCsrf(req, session.csrfToken);
    next();
  };
}

/** The synchronizer token: a form from our page carries it in `_csrf`; a form another site
 * forges cannot read it. Compared in constant time. */
export function checkCsrf(req: Request, expected: string): void {
  const body = req.body as Record<string, unknown> | undefined;
  const sent = typeof body?._csrf === 'string' ? body._csrf : '';
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw csrfRefused();
}

export const csrfRefused = () =>
  new AppError(403, 'csrf_token_invalid', 'Form expired', { detail: 'This form was not sent from a page of this console, or it is too old. Reload the page and try again.' });
