import type pg from 'pg';
import { batchOf, checkTimeZone, exportSettings, type CsvCursor, type CursorOptions } from './export-batch';
import { exportsHoldConnections } from './export-gate';
import { openPagedCursor } from './export-pages.repository';
import { exportSql, type ExportKind } from './export.query';
import type { ExportFilters } from './export.schemas';

const CURSOR = 'finance_export';

/** A snapshot cursor where the pool can spare a connection for the whole download; else pages
 * read by keyset, each on a connection taken for that page only (see `exportsHoldConnections`). */
export function openCsvCursor(pool: pg.Pool, kind: ExportKind, filters: ExportFilters, opts: CursorOptions): Promise<CsvCursor> {
  return exportsHoldConnections(pool) ? openSnapshotCursor(pool, kind, filters, opts) : openPagedCursor(pool, kind, filters, opts);
}

/**
 * Opens one read-only REPEATABLE READ snapshot on a dedicated connection and declares the export's
 * cursor in it: every row comes from that one snapshot in (created_at, id) order, fetched a batch
 * at a time, never by OFFSET. The connection stays out of the pool until `close()`. The cursor
 * lives and dies with its transaction, so a transaction-mode pooler keeps one server connection
 * for it and hands nothing of it to anyone else.
 */
async function openSnapshotCursor(pool: pg.Pool, kind: ExportKind, filters: ExportFilters, opts: CursorOptions): Promise<CsvCursor> {
  const client = await pool.connect();
  try {
    await client.query(`begin isolation level repeatable read read only; ${exportSettings(opts.statementTimeoutMs, true)}`);
    await checkTimeZone(client, filters.tz);
    const { linesQuery, params } = exportSql(kind, filters);
    await client.query(`declare ${CURSOR} no scroll cursor for ${linesQuery}`, params);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    client.release(true);
    throw err;
  }
  return cursorOn(client, opts);
}

function cursorOn(client: pg.PoolClient, { batchRows, checkLine }: CursorOptions): CsvCursor {
  let failed = false;
  return {
    async next() {
      try {
        const { rows } = await client.query<string[]>({ text: `fetch ${batchRows} from ${CURSOR}`, rowMode: 'array' });
        return rows.length === 0 ? undefined : batchOf(rows, checkLine);
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
