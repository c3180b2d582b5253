import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { exportRoutes, type ExportRouteDeps } from './export.routes';
import { refundRoutes, type RefundRouteDeps } from './refunds.routes';

export type FinanceRouteDeps = ExportRouteDeps & RefundRouteDeps;

/** Finance: the streamed order exports and refunds. */
export function financeRoutes(deps: FinanceRouteDeps, docs: ApiDocs): Router {
  return Router().use(exportRoutes(deps, docs), refundRoutes(deps, docs));
}

export { registerFinanceJobs } from './refunds.jobs';
export { exportSql, COLUMNS, type ExportKind } from './export.query';
export { exportQuery, type ExportFilters } from './export.schemas';
export { csvHeader } from './csv-sql';
