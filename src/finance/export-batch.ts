import type pg from 'pg';
import { setLocalLimits } from '../shared/db';
import { badRequest } from '../shared/errors';

/** A batch of ready CSV lines, each ending in CRLF, in pieces of PIECE_ROWS lines. */
export interface CsvBatch {
  pieces: string[];
  rows: number;
}

/** About 50 kB a piece: short-lived strings stay in V8's young generation, which is collected
 * cheaply as it goes; strings of a whole batch would be large objects that only a full collection
 * frees, and resident memory would grow with the export until one runs. */
const PIECE_ROWS = 256;

/** Reads an export in batches. Call `close()` exactly once, whatever happened: it ends the
 * snapshot, if any, and gives the connection back. */
export interface CsvCursor {
  next(): Promise<CsvBatch | undefined>;
  close(): Promise<void>;
}

export interface CursorOptions {
  batchRows: number;
  /** The export's own limit on each statement, instead of the request-sized one. */
  statementTimeoutMs: number;
  /** Every line passes this on its way out (the card-number check). */
  checkLine: (line: string) => string;
}

/** SET LOCAL, in the transaction that reads: JIT compiling this wide expression costs seconds
 * before the first row, and the rows are cheap to evaluate without it. A client that stops reading
 * leaves the snapshot idle: it may stay so as long as one statement may run, no longer. */
export function exportSettings(statementTimeoutMs: number, idleToo: boolean): string {
  const limits = setLocalLimits({ statementMs: statementTimeoutMs, ...(idleToo ? { idleInTransactionMs: statementTimeoutMs } : {}) });
  return `set local jit = off; ${limits}`;
}

/** The first cell of each row is its CSV line; any further cells (a page's keys) stay out. */
export function batchOf(rows: string[][], checkLine: (line: string) => string): CsvBatch {
  const pieces: string[] = [];
  for (let start = 0; start < rows.length; start += PIECE_ROWS) {
    let piece = '';
    for (let i = start; i < Math.min(start + PIECE_ROWS, rows.length); i++) piece += `${checkLine(rows[i]![0]!)}\r\n`;
    pieces.push(piece);
  }
  return { pieces, rows: rows.length };
}

/** PostgreSQL's time zone database may lack a zone the runtime knows: a 400, not a failed export. */
export async function checkTimeZone(client: pg.ClientBase | pg.Pool, tz: string): Promise<void> {
  if (tz === 'UTC') return;
  await client.query('select now() at time zone $1', [tz]).catch(() => {
    throw badRequest('validation_failed', 'The query string has invalid fields.', [{ path: 'tz', message: 'Unknown time zone.' }]);
  });
}
