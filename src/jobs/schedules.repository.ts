import { sql } from 'kysely';
import type { Db } from '../database';

/**
 * Claims the run of sweep `name` that is due at `now`: true for exactly one caller however many
 * instances ask at once. One statement, no lock held: the row's conflict lock makes a second caller
 * wait for the first's update and then see `next_run_at` already moved past `now`. Unlike an advisory
 * lock this holds across a pooler in transaction mode, and it means once per interval, not merely
 * one at a time. `now` is the caller's clock, so tests can drive sweeps with a clock of their own.
 */
export async function claimSweepRun(db: Db, name: string, everyMs: number, now: Date): Promise<boolean> {
  const next = new Date(now.getTime() + everyMs);
  const claimed = await sql<{ name: string }>`
    insert into job_schedules as s (name, next_run_at, last_started_at, runs) values (${name}, ${next}, ${now}, 1)
    on conflict (name) do update set next_run_at = excluded.next_run_at, last_started_at = excluded.last_started_at, runs = s.runs + 1
      where s.next_run_at <= ${now}
    returning s.name`.execute(db);
  return claimed.rows.length === 1;
}
