import { Router, type NextFunction, type Request, type RequestHandler } from 'express';
import { rateLimit, type AugmentedRequest, type Options } from 'express-rate-limit';
import type pg from 'pg';
import { AppError } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { postgresStore } from './rate-limit-store';

const MINUTE_MS = 60_000;
const SIGN_IN_WINDOW_MS = 15 * MINUTE_MS;

/** Paths that take a staff token; every 401 there is a failed sign-in. */
export const STAFF_PATHS = ['/api/staff', '/api/admin', '/api/finance'];

export interface RateLimitDeps {
  /** Counters live in PostgreSQL, so the limits hold across every instance on the database. */
  pool: pg.Pool;
  logger: Logger;
}

type Extra = Partial<Pick<Options, 'skipSuccessfulRequests' | 'requestWasSuccessful'>> & {
  /** Asked only of a request past the limit: true lets it through all the same. */
  exempt?: (req: Request) => Promise<boolean>;
};

/**
 * Limits are per client address as Express sees it (`req.ip`), so behind a proxy TRUST_PROXY must
 * name it, or every shopper shares the proxy's address.
 */
function limiter(deps: RateLimitDeps, prefix: string, windowMs: number, limit: number, { exempt, ...extra }: Extra = {}): RequestHandler {
  const log = deps.logger;
  return rateLimit({
    windowMs,
    limit,
    store: postgresStore(deps.pool, prefix, windowMs),
    // Its configuration warnings (e.g. X-Forwarded-For without TRUST_PROXY) go to our log, not the console.
    logger: { error: (err, message) => log.error({ err }, message ?? 'rate limiter'), warn: (err, message) => log.warn({ err }, message ?? 'rate limiter') },
    standardHeaders: false,
    legacyHeaders: false,
    ...extra,
    // express-rate-limit does not await its handler: a failure reaches the error handler by next().
    handler: (req, _res, next) => {
      refuse(req, next).catch(next);
    },
  });

  async function refuse(req: Request, next: NextFunction): Promise<void> {
    if (exempt && (await exempt(req))) return next();
    const reset = (req as AugmentedRequest).rateLimit?.resetTime;
    const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
    next(
      new AppError(429, 'rate_limited', 'Too many requests', {
        detail: `Too many requests from your address; try again in ${seconds} seconds.`,
        headers: { 'Retry-After': String(seconds) },
      }),
    );
  }
}

/** Order creation: `perMinute` requests per address per minute (RATE_LIMIT_ORDERS_PER_MINUTE). */
export function orderRateLimit(perMinute: number, deps: RateLimitDeps): Router {
  return Router().post('/api/orders', limiter(deps, 'orders', MINUTE_MS, perMinute));
}

/**
 * Failed staff sign-ins: after `per15Min` answers of 401 from one address within 15 minutes, staff
 * routes answer 429 to it until the window ends. Only failures count, and a request carrying a valid
 * token is never refused: colleagues behind one office address keep working while someone (or
 * something) there keeps failing. `signedIn` is asked only once the address is over its limit.
 */
export function failedSignInLimit(per15Min: number, deps: RateLimitDeps, signedIn: (req: Request) => Promise<boolean>): Router {
  return Router().use(
    STAFF_PATHS,
    limiter(deps, 'staff-sign-in', SIGN_IN_WINDOW_MS, per15Min, { skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 401, exempt: signedIn }),
  );
}
