import type { Response } from 'express';
import type { CsvBatch, CsvCursor } from './export-batch';

export interface StreamOutcome {
  rows: number;
  /** The client went away before the last row. */
  aborted: boolean;
  /** Reading failed after the header went out: the response can only be cut short. */
  error?: unknown;
}

/**
 * Writes the cursor's batches to the response as they are read. The next batch is fetched while
 * the previous one drains, and nothing more is fetched until the socket asks for more ('drain'):
 * at most two batches are in memory whatever the size of the export. A client that disconnects
 * ends the loop at the next batch, which ends the query. Never throws: the caller audits what
 * was sent either way.
 */
export async function pipeBatches(res: Response, cursor: CsvCursor): Promise<StreamOutcome> {
  let rows = 0;
  let closed = false;
  const onClose = () => (closed = true);
  res.once('close', onClose);
  let pending = prefetch(cursor);
  try {
    for (let batch = await pending; batch; batch = await pending) {
      if (closed) return { rows, aborted: true };
      pending = prefetch(cursor);
      rows += batch.rows;
      // One write per batch, never corked: a write made while corked answers false on Node 24
      // although the socket then takes it all, and the 'drain' waited for never came.
      if (!res.write(batch.pieces.join(''))) await writableAgain(res);
    }
    return { rows, aborted: closed };
  } catch (error) {
    return { rows, aborted: true, error };
  } finally {
    res.off('close', onClose);
    // A fetch still in flight must settle before the cursor is closed on the same connection.
    await pending.catch(() => undefined);
  }
}

/** Marked as handled at once: it may fail while we wait for 'drain', before anyone awaits it. */
function prefetch(cursor: CsvCursor): Promise<CsvBatch | undefined> {
  const p = cursor.next();
  p.catch(() => undefined);
  return p;
}

function writableAgain(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
