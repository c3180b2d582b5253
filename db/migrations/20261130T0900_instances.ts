import { sql, type Kysely } from 'kysely';

/** Frozen in time. What several instances on one database must share.
 * - `rate_limits`: the counters of rate-limiter-flexible's Postgres limiter, in the exact shape it
 *   would create for itself (it is told the table exists, so no instance runs DDL at start).
 *   `expire` is epoch milliseconds, as the library writes it.
 * - `job_schedules`: one row per periodic sweep, claimed by a conditional update, so each runs once
 *   per interval across all instances.
 * - `jobs_failed_idx`: failed jobs are kept for staff to read, newest first. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table rate_limits (
      key varchar(255) constraint rate_limits_pkey primary key,
      points integer not null default 0,
      expire bigint
    )`.execute(db);
  await sql`create index rate_limits_expire_idx on rate_limits (expire)`.execute(db);
  await sql`
    create table job_schedules (
      name text constraint job_schedules_pkey primary key,
      next_run_at timestamptz not null,
      last_started_at timestamptz,
      runs bigint not null default 0
    )`.execute(db);
  await sql`create index jobs_failed_idx on jobs (id desc) where failed_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists jobs_failed_idx`.execute(db);
  await sql`drop table if exists job_schedules, rate_limits`.execute(db);
}
