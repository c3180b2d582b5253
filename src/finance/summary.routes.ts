import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { summaryQuery } from './export.schemas';
import { summaryResponse } from './summary.schemas';
import { periodSummary, type SummaryDeps } from './summary.service';

const PATH = '/api/finance/summary';

/** The period summary, as JSON: small (a few numbers per currency), so it is answered whole. */
export function summaryRoutes(deps: SummaryDeps & { staff: StaffVerifier }, docs: ApiDocs): Router {
  const router = Router();
  router.get(PATH, requireStaff(deps.staff, 'finance'), async (req, res) => {
    const filters = parseOrThrow(summaryQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await periodSummary(deps, filters, staffActor(res)));
  });
  docs.add({
    method: 'get',
    path: PATH,
    tag: 'Finance',
    auth: 'staff',
    roles: ['finance'],
    summary: 'Per currency for a period: gross sales, tax by country and rate, refunds and net, equal to the sums of the invoices and refunds exports for the same filters',
    query: summaryQuery,
    responses: {
      200: { description: 'The summary; amounts in minor units', schema: summaryResponse },
      400: { description: 'An unknown or invalid query parameter (named in `errors`)' },
      401: { description: 'No or bad staff token' },
      403: { description: 'Not finance' },
    },
  });
  return router;
}
