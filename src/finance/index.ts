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
export { exportQuery, reportQuery, summaryQuery, type ExportFilters, type ReportFilters, type SummaryFilters } from './export.schemas';
export { periodSummary, type SummaryDeps } from './summary.service';
export type { CurrencySummary, SummaryResponse } from './summary.schemas';
export { csvHeader } from './csv-sql';
