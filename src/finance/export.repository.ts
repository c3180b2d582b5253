import type { Readable } from 'node:stream';
import type pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { checkTimeZone, exportSettings } from './export-batch';
import { exportCopySql } from './export-copy.query';
import type { ExportKind } from './export.query';
import type { AnyExportFilters } from './export.schemas';

/** One export read by COPY. Call `end()` exactly once, whatever happened. */
export interface CopyExport {
  /** The binary COPY of the stored values (see `exportCopySql`). */
  records: Readable;
  /** `completed`: commit and give the connection back. Otherwise (the client left, the stream
   * failed) the connection is closed under the query, which PostgreSQL then ends: a COPY that
   * nobody reads would otherwise stay blocked on its socket, holding the snapshot. */
  end(completed: boolean): Promise<void>;
}

/**
 * Opens one read-only REPEATABLE READ snapshot on a dedicated connection and starts the export's
 * COPY in it: every row from that one snapshot in (created_at, id) order, sent as fast as the
 * client reads (the stream reads the socket only when asked, so a slow client holds PostgreSQL
 * back by TCP flow control, and memory stays a few chunks). COPY is one statement for the whole
 * download, so it runs without a statement limit; `CsvRecords` ends an export that makes no
 * progress for the export's limit instead.
 */
export async function openCopyExport(pool: pg.Pool, kind: ExportKind, filters: AnyExportFilters, statementTimeoutMs: number): Promise<CopyExport> {
  const client = await pool.connect();
  try {
    await client.query(`begin isolation level repeatable read read only; ${exportSettings(statementTimeoutMs, true)}; set local statement_timeout = 0`);
    await checkTimeZone(client, filters.tz);
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    client.release(true);
    throw err;
  }
  const records = client.query(copyTo(exportCopySql(kind, filters)));
  return { records, end: (completed) => endCopy(client, completed) };
}

async function endCopy(client: pg.PoolClient, completed: boolean): Promise<void> {
  if (completed) {
    try {
      await client.query('commit');
      client.release();
      return;
    } catch {
      // falls through: a connection in an unknown state never goes back to the pool
    }
  }
  // The socket closes under the COPY: the error that reports is expected, not a fault.
  client.on('error', () => undefined);
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  client.release(true);
}
