import { Gauge, type Registry } from 'prom-client';
import { businessCounter } from '../shared/business-metrics';
import { waitingJobsByKind } from './jobs.repository';
import type { Db } from '../database';

const jobRuns = businessCounter('job_runs_total', 'Background job runs by kind and outcome: done, retry (failed, will run again), failed (used up its attempts)', [
  'kind',
  'outcome',
]);

export const countJobRun = (kind: string, outcome: 'done' | 'retry' | 'failed') => jobRuns.inc({ kind, outcome });

/** Depth and age of the queue, read from the table at each scrape: every instance reports the
 * same shared queue, whichever runs the jobs. A kind with nothing waiting has no series. */
export function registerJobGauges(db: Db, registry: Registry): void {
  const reading = (pick: (row: { count: number; oldest_seconds: number }) => number) =>
    async function collect(this: Gauge<'kind'>) {
      const rows = await waitingJobsByKind(db).catch(() => undefined);
      if (!rows) return;
      this.reset();
      for (const row of rows) this.set({ kind: row.kind }, pick(row));
    };
  new Gauge({ name: 'jobs_waiting', help: 'Jobs due now that no worker holds, by kind', labelNames: ['kind'], registers: [registry], collect: reading((r) => r.count) });
  new Gauge({
    name: 'jobs_oldest_waiting_seconds',
    help: 'How long the oldest due job of each kind has waited, in seconds',
    labelNames: ['kind'],
    registers: [registry],
    collect: reading((r) => r.oldest_seconds),
  });
}
