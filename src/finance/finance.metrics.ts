import { businessCounter, businessHistogram, secondsSince } from '../shared/business-metrics';

const exportRows = businessCounter('finance_export_rows_total', 'CSV rows sent by finance exports, by export (orders, lines)', ['export']);
const exportDuration = businessHistogram(
  'finance_export_duration_seconds',
  'Finance exports from opening the snapshot to the last row, by export and outcome: complete, aborted (the client left), failed',
  ['export', 'outcome'],
  [0.1, 0.5, 1, 5, 15, 30, 60, 120, 300],
);

/** One export's figures, once it has ended whichever way. */
export function countExport(kind: string, outcome: { rows: number; aborted: boolean; error?: unknown }, startedAt: number): void {
  exportRows.inc({ export: kind }, outcome.rows);
  const how = outcome.error !== undefined ? 'failed' : outcome.aborted ? 'aborted' : 'complete';
  exportDuration.observe({ export: kind, outcome: how }, secondsSince(startedAt));
}
