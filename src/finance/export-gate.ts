import type pg from 'pg';
import { unavailable } from '../shared/errors';

/** Exports that hold no connection between pages run two at a time: each page waits its turn
 * with everyone else's queries, so two exports add at most two pages to anyone's wait. */
const PAGED_EXPORTS = 2;

/**
 * Whether an export may hold one connection for its whole download (one snapshot, one cursor):
 * only where the pool has others to spare. On a pool of one, which embedded PGlite always is, it
 * would stall every other request for as long as the download lasts; there an export reads in
 * keyset pages and gives the connection back between them.
 */
export function exportsHoldConnections(pool: pg.Pool): boolean {
  return (pool.options.max ?? 10) > 1;
}

export interface ExportGate {
  enter(): () => void;
  running(): number;
}

/**
 * Each export holding a connection keeps it for as long as it streams. At most a quarter of the
 * pool (at least one) is lent to exports at once, so a few large downloads can never starve
 * checkout of connections; one more export is told to come back shortly.
 */
export function exportGate(pool: pg.Pool): ExportGate {
  const slots = exportsHoldConnections(pool) ? Math.max(1, Math.floor((pool.options.max ?? 10) / 4)) : PAGED_EXPORTS;
  let running = 0;
  return {
    enter() {
      if (running >= slots) throw unavailable('exports_busy', `${slots} exports are running; try again in a minute.`, 60);
      running++;
      let left = false;
      return () => {
        if (!left) running--;
        left = true;
      };
    },
    running: () => running,
  };
}
