import { Router } from 'express';
import { Gauge } from 'prom-client';
import type { Metrics } from '../shared/http/metrics';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { countFailedJobsByKind, listFailedJobs, registerJobGauges } from '../jobs';
import { adminRoute, requireStaff, type StaffVerifier } from '../staff-auth';
import { failedJobsPage, failedJobsQuery } from './failed-jobs.schemas';
import type { Db } from '../database';

/** Jobs that used up their retries (an email that never went out, a referral no partner took):
 * kept for a person to look at, listed here for admins and counted in /metrics. */
export function failedJobsRoutes(deps: { db: Db; staff: StaffVerifier; metrics: Metrics }, docs: ApiDocs): Router {
  const router = Router();
  registerGauge(deps.db, deps.metrics);
  registerJobGauges(deps.db, deps.metrics.registry);
  docs.add(
    adminRoute({
      method: 'get',
      path: '/api/admin/jobs/failed',
      summary: 'Background jobs that failed for good, newest first; pass next_cursor back as cursor for the next page',
      query: failedJobsQuery,
      responses: { 200: { description: 'A page of failed jobs', schema: failedJobsPage }, 400: { description: 'Bad limit or cursor' } },
    }),
  );

  router.get('/api/admin/jobs/failed', requireStaff(deps.staff, 'admin'), async (req, res) => {
    const q = parseOrThrow(failedJobsQuery, req.query, 'query');
    // One row more than asked tells whether another page follows, so the last page carries no cursor.
    const rows = await listFailedJobs(deps.db, { limit: q.limit + 1, ...(q.cursor ? { beforeId: Number(q.cursor) } : {}) });
    const page = rows.slice(0, q.limit);
    const jobs = page.map((r) => ({ ...r, created_at: r.created_at.toISOString(), failed_at: r.failed_at.toISOString() }));
    res.set('Cache-Control', 'no-store').json({ jobs, next_cursor: rows.length > q.limit ? String(page[page.length - 1]!.id) : null });
  });
  return router;
}

/** Read from the table at each scrape, so every instance reports the same shared count. */
function registerGauge(db: Db, metrics: Metrics): void {
  new Gauge({
    name: 'jobs_failed',
    help: 'Background jobs that used up their retries and wait for a person (GET /api/admin/jobs/failed)',
    labelNames: ['kind'],
    registers: [metrics.registry],
    async collect() {
      const counts = await countFailedJobsByKind(db).catch(() => undefined);
      if (!counts) return;
      this.reset();
      for (const { kind, count } of counts) this.set({ kind }, count);
    },
  });
}
