import type { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { Router as router } from 'express';
import { exportRoutes, type ExportRouteDeps } from './export.routes';
import { summaryRoutes } from './summary.routes';

export { csvExportHandler } from './export.routes';
export type { ExportDeps } from './export.service';

export type FinanceRouteDeps = ExportRouteDeps;

/** Finance: the streamed exports (orders, order lines, refunds, invoices) and the period summary. */
export function financeRoutes(deps: FinanceRouteDeps, docs: ApiDocs): Router {
  return router().use(exportRoutes(deps, docs), summaryRoutes(deps, docs));
}

export { exportSql, COLUMNS, type ExportKind } from './export.query';
export { exportCopySql } from './export-copy.query';
export { exportQuery, reportQuery, type ExportFilters, type ReportFilters } from './export.schemas';
export { csvHeader } from './csv-sql';
