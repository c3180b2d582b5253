import type { Request, RequestHandler, Response } from 'express';
import { AppError, forbidden, unauthorized } from '../shared/errors';
import { bearerToken } from '../shared/http/bearer';
import type { Staff, StaffRole } from './staff';
import type { StaffVerifier } from './verifier';

declare global {
  namespace Express {
    interface Locals {
      /** Set by requireStaff; read it with staffOf(res). */
      staff?: Staff;
    }
  }
}

/** A verifier, or a verifier with a hook called on every 401 (for counting failed sign-ins). */
export type StaffAuth = StaffVerifier | { verifier: StaffVerifier; onFailure?: (req: Request) => void };

/**
 * Lets a request through when it carries a valid staff token holding at least one of `roles`
 * (any valid token when none are named). 401 for a missing or bad token, 403 for a missing role.
 */
export function requireStaff(auth: StaffAuth, ...roles: StaffRole[]): RequestHandler {
  const { verifier, onFailure } = 'verify' in auth ? { verifier: auth, onFailure: undefined } : auth;
  return async (req, res, next) => {
    const staff = await authenticate(verifier, req).catch((err: unknown) => {
      if (err instanceof AppError && err.status === 401) onFailure?.(req);
      throw err;
    });
    if (roles.length > 0 && !roles.some((role) => staff.roles.includes(role))) {
      throw forbidden(`This action needs the role ${roles.join(' or ')}.`);
    }
    res.locals.staff = staff;
    next();
  };
}

async function authenticate(verifier: StaffVerifier, req: Request): Promise<Staff> {
  const token = bearerToken(req.get('authorization'));
  if (token === undefined) throw unauthorized('Send a staff token as "Authorization: Bearer <token>".');
  return verifier.verify(token);
}

/** Whether the request carries a token this verifier accepts, whatever its roles. */
export function carriesValidStaffToken(verifier: StaffVerifier, req: Request): Promise<boolean> {
  return authenticate(verifier, req).then(
    () => true,
    () => false,
  );
}

/** The caller that requireStaff let through; using it on an unguarded route is a programming error. */
export function staffOf(res: Response): Staff {
  const { staff } = res.locals;
  if (!staff) throw new Error('staffOf() used on a route without requireStaff()');
  return staff;
}
