import type pg from 'pg';
import { unavailable } from '../shared/errors';

/**
 * Each running export holds one pooled connection for as long as it streams. At most a quarter of
 * the pool (at least one) is lent to exports at once, so a few large downloads can never starve
 * checkout of connections; one more export is told to come back shortly.
 */
export function exportGate(pool: pg.Pool): { enter(): () => void } {
  const slots = Math.max(1, Math.floor((pool.options.max ?? 10) / 4));
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
  };
}
