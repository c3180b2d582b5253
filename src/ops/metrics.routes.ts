import { createHash, timingSafeEqual } from 'node:crypto';
import express, { Router, type Express, type RequestHandler } from 'express';
import { Registry } from 'prom-client';
import { unauthorized } from '../shared/errors';
import { bearerToken } from '../shared/http/bearer';
import { businessRegistry } from '../shared/business-metrics';
import type { Metrics } from '../shared/http/metrics';
import { errorHandler, notFoundHandler } from '../shared/http/problem';

export interface MetricsAccess {
  /** With a token, a scrape must send `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** Served on a listener of its own (METRICS_PORT) instead of the app's port. */
  separate: boolean;
}

const LISTENER = 'handoff.metricsApp';

/** The scrape: this app's HTTP and pool figures, and the process's business figures. */
export function metricsRouter(metrics: Metrics, access: MetricsAccess): Router {
  const router = Router();
  router.get('/metrics', requireToken(access.token), async (_req, res) => {
    const merged = Registry.merge([metrics.registry, businessRegistry]);
    res
      .type(metrics.registry.contentType)
      .set('Cache-Control', 'no-store')
      .send(await merged.metrics());
  });
  return router;
}

/** The app main.ts listens on METRICS_PORT with: only /metrics, problem answers otherwise. */
export function metricsApp(metrics: Metrics, access: MetricsAccess): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRouter(metrics, access), notFoundHandler, errorHandler);
  return app;
}

/** Kept on the main app by createApp when METRICS_PORT is set, for main.ts to listen with. */
export const keepMetricsApp = (app: Express, metrics: Express) => void (app.locals[LISTENER] = metrics);
export const metricsListener = (app: Express): Express | undefined => app.locals[LISTENER] as Express | undefined;

/** Compared as digests: equal length, constant time, whatever was sent. */
function requireToken(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
  const expected = digest(token);
  return (req, _res, next) => {
    const sent = bearerToken(req.get('authorization'));
    next(sent !== undefined && timingSafeEqual(digest(sent), expected) ? undefined : unauthorized('Scraping /metrics needs the METRICS_TOKEN as a bearer token.'));
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();
