import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import type pg from 'pg';
import { audit } from '../audit';
import { cardCheckedLines } from './csv-cards';
import { csvHeader } from './csv-sql';
import { CsvRecords } from './csv-records';
import { pipeBatches, type StreamOutcome } from './csv-stream';
import { COLUMNS, type ExportKind } from './export.query';
import { exportsHoldConnections } from './export-gate';
import { openPagedCursor } from './export-pages.repository';
import { openCopyExport } from './export.repository';
import type { AnyExportFilters } from './export.schemas';
import type { Db } from '../database';
import { countExport } from './finance.metrics';

export interface ExportDeps {
  db: Db;
  pool: pg.Pool;
  /** Rows per page where exports are read in pages (embedded): memory per export is about two. */
  batchRows: number;
  /** The export's own statement limit (and, for a snapshot, how long it may sit idle). */
  exportStatementTimeoutMs: number;
}

const NAMES: Record<ExportKind, string> = { orders: 'orders', lines: 'order-lines', refunds: 'refunds', invoices: 'invoices' };

/**
 * Streams one export: the snapshot (or, embedded, the first page's transaction) is opened first,
 * so bad input or a database outage is still a proper problem answer; then the header goes out at
 * once and rows follow as they are read. Who exported what, and how many rows went out, is
 * audited at the end, also when the client left early.
 */
export async function streamExport(deps: ExportDeps, res: Response, kind: ExportKind, filters: AnyExportFilters, actor: string): Promise<void> {
  const startedAt = performance.now();
  const send = exportsHoldConnections(deps.pool) ? await copyExport(deps, kind, filters) : await pagedExport(deps, kind, filters);
  let outcome: StreamOutcome = { rows: 0, aborted: true };
  try {
    res
      .status(200)
      .set('Content-Type', 'text/csv; charset=utf-8; header=present')
      .set('Content-Disposition', `attachment; filename="${fileName(kind, filters)}"`)
      .set('Cache-Control', 'no-store');
    res.write(`${filters.bom ? '\uFEFF' : ''}${csvHeader(COLUMNS[kind])}\r\n`);
    outcome = await send.stream(res);
  } finally {
    await send.end(outcome);
    await auditExport(deps.db, actor, kind, filters, outcome);
    countExport(kind, outcome, startedAt);
  }
  if (outcome.error !== undefined) throw outcome.error instanceof Error ? outcome.error : new Error('the export failed', { cause: outcome.error });
  if (!outcome.aborted) res.end();
}

interface Sender {
  stream(res: Response): Promise<StreamOutcome>;
  end(outcome: StreamOutcome): Promise<void>;
}

/** On a server: one COPY of the stored values, its tuples made into lines on the way (see `CsvRecords`). */
async function copyExport(deps: ExportDeps, kind: ExportKind, filters: AnyExportFilters): Promise<Sender> {
  const copy = await openCopyExport(deps.pool, kind, filters, deps.exportStatementTimeoutMs);
  const lines = new CsvRecords(COLUMNS[kind], deps.exportStatementTimeoutMs);
  return {
    async stream(res) {
      try {
        await pipeline(copy.records, lines, res, { end: false });
        return { rows: lines.rows, aborted: false };
      } catch (error) {
        const clientLeft = (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
        return { rows: lines.rows, aborted: true, ...(clientLeft ? {} : { error }) };
      }
    },
    end: (outcome) => copy.end(!outcome.aborted),
  };
}

/** Embedded (a pool of one): keyset pages of lines built in SQL, the connection given back between them. */
async function pagedExport(deps: ExportDeps, kind: ExportKind, filters: AnyExportFilters): Promise<Sender> {
  const checkLine = cardCheckedLines(COLUMNS[kind]);
  const cursor = await openPagedCursor(deps.pool, kind, filters, { batchRows: deps.batchRows, statementTimeoutMs: deps.exportStatementTimeoutMs, checkLine });
  return { stream: (res) => pipeBatches(res, cursor), end: () => cursor.close() };
}

function fileName(kind: ExportKind, f: AnyExportFilters): string {
  const range = f.from || f.to ? `_${f.from ?? 'start'}_${f.to ?? 'today'}` : '';
  return `handoff-${NAMES[kind]}${range}.csv`;
}

async function auditExport(db: Db, actor: string, kind: ExportKind, filters: AnyExportFilters, outcome: StreamOutcome): Promise<void> {
  const { bom: _bom, ...asked } = filters;
  await audit(db, {
    actor,
    action: 'finance.export',
    subjectType: 'export',
    subjectId: NAMES[kind],
    detail: { filters: asked, rows: outcome.rows, ...(outcome.aborted ? { aborted: true } : {}), ...(outcome.error ? { failed: true } : {}) },
  });
}
