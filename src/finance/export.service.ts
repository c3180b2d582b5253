import type { Response } from 'express';
import type pg from 'pg';
import { audit } from '../audit';
import { cardCheckedLines } from './csv-cards';
import { csvHeader } from './csv-sql';
import { pipeBatches, type StreamOutcome } from './csv-stream';
import { COLUMNS, type ExportKind } from './export.query';
import { openCsvCursor } from './export.repository';
import type { ExportFilters } from './export.schemas';
import type { Db } from '../database';
import { countExport } from './finance.metrics';

export interface ExportDeps {
  db: Db;
  pool: pg.Pool;
  /** Rows per FETCH: memory per export is about two batches. */
  batchRows: number;
  /** The export's own statement limit (and, for a snapshot, how long it may sit idle). */
  exportStatementTimeoutMs: number;
}

const NAMES: Record<ExportKind, string> = { orders: 'orders', lines: 'order-lines' };

/**
 * Streams one export: the snapshot and cursor are opened first (so bad input or a database
 * outage is still a proper problem answer), then the header goes out at once and rows follow as
 * they are read. Who exported what, and how many rows went out, is audited at the end, also
 * when the client left early.
 */
export async function streamExport(deps: ExportDeps, res: Response, kind: ExportKind, filters: ExportFilters, actor: string): Promise<void> {
  const startedAt = performance.now();
  const cursor = await openCsvCursor(deps.pool, kind, filters, {
    batchRows: deps.batchRows,
    statementTimeoutMs: deps.exportStatementTimeoutMs,
    checkLine: cardCheckedLines(COLUMNS[kind]),
  });
  let outcome: StreamOutcome = { rows: 0, aborted: true };
  try {
    res
      .status(200)
      .set('Content-Type', 'text/csv; charset=utf-8; header=present')
      .set('Content-Disposition', `attachment; filename="${fileName(kind, filters)}"`)
      .set('Cache-Control', 'no-store');
    res.write(`${filters.bom ? '\uFEFF' : ''}${csvHeader(COLUMNS[kind])}\r\n`);
    outcome = await pipeBatches(res, cursor);
  } finally {
    await cursor.close();
    await auditExport(deps.db, actor, kind, filters, outcome);
    countExport(kind, outcome, startedAt);
  }
  if (outcome.error !== undefined) throw outcome.error instanceof Error ? outcome.error : new Error('the export failed', { cause: outcome.error });
  if (!outcome.aborted) res.end();
}

function fileName(kind: ExportKind, f: ExportFilters): string {
  const range = f.from || f.to ? `_${f.from ?? 'start'}_${f.to ?? 'today'}` : '';
  return `handoff-${NAMES[kind]}${range}.csv`;
}

async function auditExport(db: Db, actor: string, kind: ExportKind, filters: ExportFilters, outcome: StreamOutcome): Promise<void> {
  const { bom: _bom, ...asked } = filters;
  await audit(db, {
    actor,
    action: 'finance.export',
    subjectType: 'export',
    subjectId: NAMES[kind],
    detail: { filters: asked, rows: outcome.rows, ...(outcome.aborted ? { aborted: true } : {}), ...(outcome.error ? { failed: true } : {}) },
  });
}
