import type { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { exportRoutes, type ExportRouteDeps } from './export.routes';

export { csvExportHandler } from './export.routes';
export type { ExportDeps } from './export.service';

export type FinanceRouteDeps = ExportRouteDeps;

/** Finance: the streamed order exports. */
export function financeRoutes(deps: FinanceRouteDeps, docs: ApiDocs): Router {
  return exportRoutes(deps, docs);
}

export { exportSql, COLUMNS, type ExportKind } from './export.query';
export { exportCopySql } from './export-copy.query';
export { exportQuery, type ExportFilters } from './export.schemas';
export { csvHeader } from './csv-sql';
