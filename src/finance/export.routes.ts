import { Router, type RequestHandler } from 'express';
import type pg from 'pg';
import type { Metrics } from '../shared/http/metrics';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { exportGate, type ExportGate } from './export-gate';
import { csvHeader } from './csv-sql';
import { COLUMNS, type ExportKind } from './export.query';
import { exportQuery, reportQuery } from './export.schemas';
import { streamExport, type ExportDeps } from './export.service';

export interface ExportRouteDeps extends ExportDeps {
  staff: StaffVerifier;
  metrics: Metrics;
}

const PATHS: Record<ExportKind, string> = {
  orders: '/api/finance/orders.csv',
  lines: '/api/finance/order-lines.csv',
  refunds: '/api/finance/refunds.csv',
  invoices: '/api/finance/invoices.csv',
};

/** The order exports filter orders; the refunds and invoices exports only a period and a currency. */
const QUERIES = { orders: exportQuery, lines: exportQuery, refunds: reportQuery, invoices: reportQuery } satisfies Record<ExportKind, unknown>;

/** What each export's rows are ordered by (and dated by, for `from`/`to`). */
const ORDERED_BY: Record<ExportKind, string> = {
  orders: 'created_at (or paid_at with date_field=paid)',
  lines: 'the order’s created_at, then line_no',
  refunds: 'refunded_at, when the refund succeeded',
  invoices: 'issued_at',
};

export function exportRoutes(deps: ExportRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  const finance = requireStaff(deps.staff, 'finance');
  deps.metrics.gauge('finance_exports_running', 'CSV exports streaming now', () => gateFor(deps.pool).running());
  document(docs);
  for (const kind of ['orders', 'lines', 'refunds', 'invoices'] as const) router.get(PATHS[kind], finance, csvExportHandler(deps, kind));
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
    const filters = parseOrThrow(QUERIES[kind], req.query, 'query');
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
  const common = (kind: ExportKind) => ({
    method: 'get' as const,
    tag: 'Finance',
    auth: 'staff' as const,
    roles: ['finance'],
    query: QUERIES[kind],
    path: PATHS[kind],
  });
  const responses = (what: string, kind: ExportKind) => ({
    200: {
      description: `${what}: streamed CSV (RFC 4180, UTF-8, CRLF, header row), one snapshot, ordered by ${ORDERED_BY[kind]}. ${CELLS} Columns, in order: ${COLUMNS[kind].map((c) => c.name).join(', ')}.`,
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
      ...common('orders'),
      summary: 'All orders matching the filters, one row each: amounts as decimals in the currency, refunds, references, partner',
      responses: responses('One row per order', 'orders'),
    },
    {
      ...common('lines'),
      summary: 'Every order line of the orders matching the filters: sku, quantity, unit amount, tax rate and amount (revenue by product)',
      responses: responses('One row per order line', 'lines'),
    },
    {
      ...common('refunds'),
      summary: 'Every succeeded refund in the period, dated when it succeeded (whenever its order was placed), with its credit note',
      responses: responses('One row per succeeded refund', 'refunds'),
    },
    {
      ...common('invoices'),
      summary: 'Every invoice and credit note issued in the period (no pro-formas): net, tax, gross, and tax per country and rate',
      responses: responses(
        'One row per invoice or credit note; amounts never negative, `kind` tells a credit note; tax_by_rate like `DE 19.00%: 19.00 on 100.00; FR 20.00%: 4.00 on 20.00`',
        'invoices',
      ),
    },
  );
}
