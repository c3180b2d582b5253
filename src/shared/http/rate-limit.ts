import { Router, type RequestHandler } from 'express';
import { rateLimit, type AugmentedRequest, type Options } from 'express-rate-limit';
import { AppError } from '../errors';
import type { Logger } from '../logger';

const MINUTE_MS = 60_000;
const SIGN_IN_WINDOW_MS = 15 * MINUTE_MS;

/** Paths that take a staff token; every 401 there is a failed sign-in. */
export const STAFF_PATHS = ['/api/staff', '/api/admin', '/api/finance'];

/**
 * Limits are per client address as Express sees it (`req.ip`), so behind a proxy TRUST_PROXY must
 * name it, or every shopper shares the proxy's address. Counters live in this process: with several
 * instances each allows the limit (a shared store can be passed in later; the numbers are a brake,
 * not an accounting rule).
 */
function limiter(log: Logger, windowMs: number, limit: number, extra: Partial<Pick<Options, 'skipSuccessfulRequests' | 'requestWasSuccessful'>> = {}): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    // Its configuration warnings (e.g. X-Forwarded-For without TRUST_PROXY) go to our log, not the console.
    logger: { error: (err, message) => log.error({ err }, message ?? 'rate limiter'), warn: (err, message) => log.warn({ err }, message ?? 'rate limiter') },
    standardHeaders: false,
    legacyHeaders: false,
    ...extra,
    handler: (req, _res, next) => {
      const reset = (req as AugmentedRequest).rateLimit?.resetTime;
      const seconds = Math.max(1, Math.ceil(((reset?.getTime() ?? Date.now() + windowMs) - Date.now()) / 1000));
      next(new AppError(429, 'rate_limited', 'Too many requests', { detail: `Too many requests from your address; try again in ${seconds} seconds.`, headers: { 'Retry-After': String(seconds) } }));
    },
  });
}

/** Order creation: `perMinute` requests per address per minute (RATE_LIMIT_ORDERS_PER_MINUTE). */
export function orderRateLimit(perMinute: number, log: Logger): Router {
  return Router().post('/api/orders', limiter(log, MINUTE_MS, perMinute));
}

/**
 * Failed staff sign-ins: after `per15Min` answers of 401 from one address within 15 minutes, staff
 * routes answer 429 to it until the window ends. Requests that sign in count nothing, so a busy
 * colleague behind the same address is never locked out by their own work.
 */
export function failedSignInLimit(per15Min: number, log: Logger): Router {
  return Router().use(
    STAFF_PATHS,
    limiter(log, SIGN_IN_WINDOW_MS, per15Min, { skipSuccessfulRequests: true, requestWasSuccessful: (_req, res) => res.statusCode !== 401 }),
  );
}
