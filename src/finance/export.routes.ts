import { Router, type RequestHandler } from 'express';
import type pg from 'pg';
import type { Metrics } from '../shared/http/metrics';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { exportGate, type ExportGate } from './export-gate';
import { csvHeader } from './csv-sql';
import { COLUMNS, type ExportKind } from './export.query';
import { exportQuery } from './export.schemas';
import { streamExport, type ExportDeps } from './export.service';

export interface ExportRouteDeps extends ExportDeps {
  staff: StaffVerifier;
  metrics: Metrics;
}

const PATHS: Record<ExportKind, string> = { orders: '/api/finance/orders.csv', lines: '/api/finance/order-lines.csv' };

export function exportRoutes(deps: ExportRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  const finance = requireStaff(deps.staff, 'finance');
  deps.metrics.gauge('finance_exports_running', 'CSV exports streaming now', () => gateFor(deps.pool).running());
  document(docs);
  for (const kind of ['orders', 'lines'] as const) router.get(PATHS[kind], finance, csvExportHandler(deps, kind));
  return router;
}

/** One gate per pool, so exports from the API and from the console share the pool's export slots. */
const gates = new WeakMap<pg.Pool, ExportGate>();
function gateFor(pool: pg.Pool): ExportGate {
  let gate = gates.get(pool);
  if (!gate) gates.set(pool, (gate = exportGate(pool)));
  return gate;
}

/** Streams one export for a caller already let through as finance (by token, or by console session:
 * either puts the staff member where staffActor() reads it, for the audit entry). */
export function csvExportHandler(deps: ExportDeps, kind: ExportKind): RequestHandler {
  return async (req, res) => {
    const filters = parseOrThrow(exportQuery, req.query, 'query');
    const leave = gateFor(deps.pool).enter();
    try {
      await streamExport(deps, res, kind, filters, staffActor(res));
    } finally {
      leave();
    }
  };
}

const CELLS =
  'Amounts are decimals in the currency’s own digits (49.00 USD, 7500 JPY), timestamps ISO 8601 in UTC (2026-03-02T09:30:00Z), tax_rate a percentage (19.00); an empty cell is no value. A text cell that a spreadsheet would read as a formula starts with an apostrophe.';

function document(docs: ApiDocs): void {
  const common = {
    method: 'get' as const,
    tag: 'Finance',
    auth: 'staff' as const,
    roles: ['finance'],
    query: exportQuery,
  };
  const responses = (what: string, kind: ExportKind) => ({
    200: {
      description: `${what}: streamed CSV (RFC 4180, UTF-8, CRLF, header row), one snapshot, ordered by created_at. ${CELLS} Columns, in order: ${COLUMNS[kind].map((c) => c.name).join(', ')}.`,
      contentType: 'text/csv',
      example: `${csvHeader(COLUMNS[kind])}\r\n`,
    },
    400: { description: 'An unknown or invalid query parameter (named in `errors`)' },
    401: { description: 'No or bad staff token' },
    403: { description: 'Not finance' },
    503: { description: 'As many exports as allowed are running; retry after Retry-After seconds' },
  });
  docs.add(
    {
      ...common,
      path: PATHS.orders,
      summary: 'All orders matching the filters, one row each: amounts as decimals in the currency, refunds, references, partner',
      responses: responses('One row per order', 'orders'),
    },
    {
      ...common,
      path: PATHS.lines,
      summary: 'Every order line of the orders matching the filters: sku, quantity, unit amount, tax rate and amount (revenue by product)',
      responses: responses('One row per order line', 'lines'),
    },
  );
}
