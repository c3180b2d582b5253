import type pg from 'pg';
import { badRequest } from '../shared/errors';
import { exportSql, type ExportKind } from './export.query';
import type { ExportFilters } from './export.schemas';

/** A batch of ready CSV lines, each ending in CRLF, in pieces of PIECE_ROWS lines. */
export interface CsvBatch {
  pieces: string[];
  rows: number;
}

/** About 50 kB a piece: short-lived strings stay in V8's young generation, which is collected
 * cheaply as it goes; strings of a whole batch would be large objects that only a full collection
 * frees, and resident memory would grow with the export until one runs. */
const PIECE_ROWS = 256;

/** Reads an export in batches from a server-side cursor. Call `close()` exactly once, whatever
 * happened: it ends the snapshot and gives the connection back. */
export interface CsvCursor {
  next(): Promise<CsvBatch | undefined>;
  close(): Promise<void>;
}

const CURSOR = 'finance_export';

/**
 * Opens one read-only REPEATABLE READ snapshot on a dedicated connection and declares the export's
 * cursor in it: every row comes from that one snapshot in (created_at, id) order, fetched a batch
 * at a time, never by OFFSET. The connection stays out of the pool until `close()`. Every line
 * passes `checkLine` on its way out.
 */
export async function openCsvCursor(pool: pg.Pool, kind: ExportKind, filters: ExportFilters, batchRows: number, checkLine: (line: string) => string): Promise<CsvCursor> {
  const client = await pool.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    // JIT compiling this wide expression costs seconds before the first row: the export must
    // start at once, and the rows are cheap to evaluate without it.
    await client.query('set local jit = off');
    await checkTimeZone(client, filters.tz);
    const { linesQuery, params } = exportSql(kind, filters);
    await client.query(`declare ${CURSOR} no scroll cursor for ${linesQuery}`, params);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    client.release(true);
    throw err;
  }
  return cursorOn(client, batchRows, checkLine);
}

function cursorOn(client: pg.PoolClient, batchRows: number, checkLine: (line: string) => string): CsvCursor {
  let failed = false;
  return {
    async next() {
      try {
        const { rows } = await client.query<string[]>({ text: `fetch ${batchRows} from ${CURSOR}`, rowMode: 'array' });
        return rows.length === 0 ? undefined : { pieces: piecesOf(rows, checkLine), rows: rows.length };
      } catch (err) {
        failed = true;
        throw err;
      }
    },
    async close() {
      try {
        if (failed) throw new Error('export cursor failed');
        await client.query(`close ${CURSOR}; commit`);
        client.release();
      } catch {
        // A connection in an unknown state never goes back to the pool.
        client.release(true);
      }
    },
  };
}

function piecesOf(rows: string[][], checkLine: (line: string) => string): string[] {
  const pieces: string[] = [];
  for (let start = 0; start < rows.length; start += PIECE_ROWS) {
    let piece = '';
    for (let i = start; i < Math.min(start + PIECE_ROWS, rows.length); i++) piece += `${checkLine(rows[i]![0]!)}\r\n`;
    pieces.push(piece);
  }
  return pieces;
}

/** PostgreSQL's time zone database may lack a zone the runtime knows: a 400, not a failed export. */
async function checkTimeZone(client: pg.PoolClient, tz: string): Promise<void> {
  if (tz === 'UTC') return;
  await client.query('select now() at time zone $1', [tz]).catch(() => {
    throw badRequest('validation_failed', 'The query string has invalid fields.', [{ path: 'tz', message: 'Unknown time zone.' }]);
  });
}
