import type pg from 'pg';
import { batchOf, checkTimeZone, exportSettings, type CsvCursor, type CursorOptions } from './export-batch';
import { exportSql, type ExportKind } from './export.query';
import type { AnyExportFilters } from './export.schemas';

/** Everyone else waits while a page is read: on PGlite 5,000 orders take over a second, 500 about
 * a tenth of one, about as long as one checkout's transaction holds the connection. */
const MAX_PAGE_ROWS = 500;

/**
 * Reads an export a page at a time by keyset ((created_at, id), never OFFSET), each page in a
 * short read-only transaction of its own on a connection taken for that page and given back at
 * once, so other requests take turns with the export on a pool of one. There is no snapshot
 * across pages: every order appears at most once and in order, each as it was when its page was
 * read; an order placed during the download is included if it matches and sorts after the pages
 * already read.
 */
export async function openPagedCursor(pool: pg.Pool, kind: ExportKind, filters: AnyExportFilters, opts: CursorOptions): Promise<CsvCursor> {
  await checkTimeZone(pool, filters.tz);
  const limit = Math.min(opts.batchRows, MAX_PAGE_ROWS);
  let after: string[] | undefined;
  let done = false;
  return {
    async next() {
      if (done) return undefined;
      const { linesQuery, params } = exportSql(kind, filters, { after, limit });
      const rows = await readPage(pool, opts.statementTimeoutMs, linesQuery, params);
      if (rows.length < limit) done = true;
      if (rows.length === 0) return undefined;
      after = rows.at(-1)!.slice(1);
      return batchOf(rows, opts.checkLine);
    },
    async close() {
      done = true;
    },
  };
}

async function readPage(pool: pg.Pool, statementTimeoutMs: number, text: string, values: unknown[]): Promise<string[][]> {
  const client = await pool.connect();
  try {
    await client.query(`begin read only; ${exportSettings(statementTimeoutMs, false)}`);
    const { rows } = await client.query<string[]>({ text, values, rowMode: 'array' });
    await client.query('commit');
    client.release();
    return rows;
  } catch (err) {
    await client.query('rollback').then(
      () => client.release(),
      () => client.release(true),
    );
    throw err;
  }
}
