import { randomUUID } from 'node:crypto';
import type { Logger } from '../shared/logger';
import { leaseDueJobs, markJobDone, markJobFailed, type JobRecord } from './jobs.repository';
import { claimSweepRun } from './schedules.repository';
import { countJobRun } from './jobs.metrics';
import type { Db } from '../database';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind's handler declares its own payload type; the queue stores JSON
export type JobHandler = (payload: any, job: JobRecord) => Promise<void>;

const LEASE_MS = 120_000;
const BATCH = 10;

/** Exponential backoff with jitter, from 2 s to about an hour. */
export function retryDelayMs(attempts: number): number {
  const base = Math.min(3_600_000, 2000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** A Postgres job queue (`FOR UPDATE SKIP LOCKED`); see the README for why not pg-boss. A handler
 * must be idempotent: a job whose process dies mid-run is leased again after LEASE_MS. A job that
 * fails `max_attempts` times is kept as failed (listed for staff, counted in /metrics), never
 * retried for ever nor dropped. */
export class JobWorker {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly periodic: Array<{ every: number; run: () => Promise<void>; name: string }> = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly id = `worker-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
  ) {}

  register(kind: string, handler: JobHandler): this {
    this.handlers.set(kind, handler);
    return this;
  }

  /** A sweep run once every `everyMs` across all instances, by whichever claims it first. A run
   * whose instance dies is not taken over: the next interval's run does the work. */
  every(name: string, everyMs: number, run: () => Promise<void>): this {
    this.periodic.push({ name, every: everyMs, run });
    return this;
  }

  /** Runs every due job once (and the sweeps that are due); returns how many jobs ran. Tests call it directly. */
  async runOnce(now = Date.now()): Promise<number> {
    for (const p of this.periodic) {
      if (!(await claimSweepRun(this.db, p.name, p.every, new Date(now)))) continue;
      await p.run().catch((err) => this.logger.error({ err, sweep: p.name }, 'sweep failed'));
    }
    let ran = 0;
    for (;;) {
      const jobs = await leaseDueJobs(this.db, this.id, BATCH, LEASE_MS, [...this.handlers.keys()]);
      for (const job of jobs) await this.runJob(job);
      ran += jobs.length;
      if (jobs.length < BATCH) return ran;
    }
  }

  private async runJob(job: JobRecord): Promise<void> {
    try {
      await this.handlers.get(job.kind)!(job.payload, job);
      await markJobDone(this.db, job.id);
      countJobRun(job.kind, 'done');
    } catch (err) {
      const last = job.attempts >= job.max_attempts;
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ job: job.id, kind: job.kind, attempts: job.attempts, err: message }, last ? 'job failed for good' : 'job failed; will retry');
      await markJobFailed(this.db, job, message.slice(0, 500), last ? null : new Date(Date.now() + retryDelayMs(job.attempts)));
      countJobRun(job.kind, last ? 'failed' : 'retry');
    }
  }

  start(pollMs: number): void {
    const tick = () => {
      this.running = this.runOnce()
        .then(
          () => undefined,
          (err) => this.logger.error({ err }, 'job poll failed'),
        )
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, pollMs);
        });
    };
    this.timer = setTimeout(tick, pollMs);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
