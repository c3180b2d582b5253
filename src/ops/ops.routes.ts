import path from 'node:path';
import express, { Router, type Express } from 'express';
import { sql } from 'kysely';
import type { ApiDocs, RouteDoc } from '../shared/http/openapi';
import type { Metrics } from '../shared/http/metrics';
import type { Db } from '../database';
import { metricsRouter, type MetricsAccess } from './metrics.routes';
import { gpcAnswer, healthAnswer, jwksAnswer, notReadyAnswer, openApiAnswer, readyAnswer } from './ops.schemas';

const DOCS_DIR = path.join(__dirname, 'docs');
/** The reference renderer (Scalar), served from the installed package: no CDN. Its stylesheet is
 * a file too, so the page needs no inline style and keeps the app's CSP. */
const SCALAR_DIST = path.dirname(require.resolve('@scalar/api-reference/style.css'));
const RENDERER: Record<string, string> = {
  '/docs/scalar.js': path.join(SCALAR_DIST, 'browser', 'standalone.js'),
  '/docs/scalar.css': path.join(SCALAR_DIST, 'style.css'),
};
const READY_TIMEOUT_MS = 2000;
const DRAINING = 'handoff.draining';

/** From now on /readyz answers 503 while every other route keeps serving: a load balancer takes
 * the instance out of rotation before it stops accepting connections (see main.ts). */
export function startDraining(app: Express): void {
  app.locals[DRAINING] = true;
}

/** Global Privacy Control: we honour the signal (no remember-me cookie, recorded on the order). */
const GPC = { gpc: true, lastUpdate: '2026-11-29' };

export function opsRoutes(deps: { db: Db; docs: ApiDocs; metrics: Metrics; metricsAccess: MetricsAccess; jwks: () => unknown }): Router {
  const router = Router();
  deps.docs.add(
    { method: 'get', path: '/healthz', tag: 'Operations', summary: '200 while the process runs', responses: { 200: { description: 'Alive', schema: healthAnswer } } },
    {
      method: 'get',
      path: '/readyz',
      tag: 'Operations',
      summary: '200 when the database answers within 2 s, else 503; 503 as soon as the instance is shutting down',
      responses: {
        200: { description: 'Ready', schema: readyAnswer },
        503: { description: 'Database unreachable, or draining before a shutdown', schema: notReadyAnswer, contentType: 'application/json' },
      },
    },
    // On a listener of its own (METRICS_PORT), /metrics is not part of this app: 404 here.
    ...(deps.metricsAccess.separate ? [] : [METRICS_DOC]),
    { method: 'get', path: '/openapi.json', tag: 'Operations', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', schema: openApiAnswer } } },
    { method: 'get', path: '/docs', tag: 'Operations', summary: 'This reference, rendered', responses: { 200: { description: 'The reference page', contentType: 'text/html' } } },
    {
      method: 'get',
      path: '/.well-known/jwks.json',
      tag: 'Operations',
      summary: 'Public keys partners use to verify our signed referrals',
      responses: { 200: { description: 'JWKS', schema: jwksAnswer } },
    },
    { method: 'get', path: '/.well-known/gpc.json', tag: 'Operations', summary: 'Global Privacy Control support', responses: { 200: { description: 'GPC', schema: gpcAnswer } } },
  );

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (req, res) => {
    if (req.app.locals[DRAINING] === true) {
      res.status(503).json({ status: 'draining' });
      return;
    }
    const ok = await pingDatabase(deps.db);
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'database_unavailable' });
  });
  if (!deps.metricsAccess.separate) router.use(metricsRouter(deps.metrics, deps.metricsAccess));
  router.get('/openapi.json', (_req, res) => {
    res.json(deps.docs.document());
  });
  router.get('/.well-known/jwks.json', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(deps.jwks());
  });
  router.get('/.well-known/gpc.json', (_req, res) => {
    res.json(GPC);
  });
  router.get('/docs', (_req, res) => {
    res.sendFile(path.join(DOCS_DIR, 'index.html'));
  });
  for (const [route, file] of Object.entries(RENDERER)) {
    router.get(route, (_req, res) => {
      res.sendFile(file, { maxAge: '1h' });
    });
  }
  router.use('/docs', express.static(DOCS_DIR, { index: false }));
  return router;
}

const METRICS_DOC: RouteDoc = {
  method: 'get',
  path: '/metrics',
  tag: 'Operations',
  summary:
    'Prometheus metrics: HTTP, pool and business figures (orders, payments, webhooks, processor, jobs, exports); with METRICS_TOKEN set, send it as a bearer token; with METRICS_PORT set, served on that port only',
  responses: {
    200: { description: 'Prometheus text exposition format', contentType: 'text/plain' },
    401: { description: 'METRICS_TOKEN is set and the request did not send it as `Authorization: Bearer`' },
  },
};

/** A bounded ping: a hung database must make /readyz say 503 quickly, not hang with it. */
async function pingDatabase(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  const ping = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([ping, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
