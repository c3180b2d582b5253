import { sql } from 'kysely';
import { replaceMatches } from '../shared/db';
import type { Db, Tx } from '../database';

export interface JobRecord {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface EnqueueOptions {
  /** A job with the same key is enqueued once, ever: the exactly-once guard for emails and referrals. */
  dedupeKey?: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** Enqueued inside the caller's transaction, so the job exists if and only if the change commits. */
export async function enqueue(db: Db | Tx, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<void> {
  await db
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload ?? {}),
      dedupe_key: opts.dedupeKey ?? null,
      run_at: opts.runAt ?? new Date(),
      ...(opts.maxAttempts ? { max_attempts: opts.maxAttempts } : {}),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/** Leases due jobs with SKIP LOCKED, so several instances never take the same one. The lease is
 * committed at once: handlers then run outside any transaction (they call the network). */
export async function leaseDueJobs(db: Db, workerId: string, limit: number, leaseMs: number, kinds: string[]): Promise<JobRecord[]> {
  if (kinds.length === 0) return [];
  const result = await sql<JobRecord>`
    update jobs set locked_until = now() + ${`${leaseMs} milliseconds`}::interval, locked_by = ${workerId},
      attempts = attempts + 1
    where id in (
      select id from jobs
      where done_at is null and failed_at is null and run_at <= now()
        and (locked_until is null or locked_until < now()) and kind in (${sql.join(kinds)})
      order by run_at, id
      limit ${limit}
      for update skip locked)
    returning id, kind, payload, attempts, max_attempts`.execute(db);
  return result.rows;
}

export async function markJobDone(db: Db | Tx, id: number): Promise<void> {
  await db.updateTable('jobs').set({ done_at: new Date(), locked_until: null }).where('id', '=', id).execute();
}

export async function markJobFailed(db: Db, job: JobRecord, error: string, retryAt: Date | null): Promise<void> {
  await db
    .updateTable('jobs')
    .set(retryAt ? { last_error: error, run_at: retryAt, locked_until: null } : { last_error: error, failed_at: new Date(), locked_until: null })
    .where('id', '=', job.id)
    .execute();
}

export interface FailedJobRow {
  id: number;
  kind: string;
  dedupe_key: string | null;
  attempts: number;
  max_attempts: number;
  last_error: string | null;
  created_at: Date;
  failed_at: Date;
}

/** Failed jobs, newest first, after `beforeId` (keyset on the identity column: pages never shift). */
export async function listFailedJobs(db: Db, page: { limit: number; beforeId?: number }): Promise<FailedJobRow[]> {
  let query = db
    .selectFrom('jobs')
    .select(['id', 'kind', 'dedupe_key', 'attempts', 'max_attempts', 'last_error', 'created_at', sql<Date>`failed_at`.as('failed_at')])
    .where('failed_at', 'is not', null);
  if (page.beforeId !== undefined) query = query.where('id', '<', page.beforeId);
  return query.orderBy('id', 'desc').limit(page.limit).execute();
}

export async function countFailedJobsByKind(db: Db): Promise<Array<{ kind: string; count: number }>> {
  return db
    .selectFrom('jobs')
    .select(['kind', sql<number>`count(*)::int`.as('count')])
    .where('failed_at', 'is not', null)
    .groupBy('kind')
    .execute();
}

/** Jobs due now that no worker holds, by kind, and how long the oldest has waited (read by /metrics). */
export async function waitingJobsByKind(db: Db): Promise<Array<{ kind: string; count: number; oldest_seconds: number }>> {
  const result = await sql<{ kind: string; count: number; oldest_seconds: number }>`
    select kind, count(*)::int as count, extract(epoch from now() - min(run_at))::float8 as oldest_seconds
    from jobs
    where done_at is null and failed_at is null and run_at <= now() and (locked_until is null or locked_until < now())
    group by kind`.execute(db);
  return result.rows;
}

/** Every match of `pattern` in any job's payload (read as JSON text, so the pattern must match
 * values as JSON writes them) becomes `tag`, done jobs included. Returns how many jobs changed. */
export async function scrubJobPayloads(tx: Tx, pattern: string, tag: string): Promise<number> {
  const payload = sql<string>`payload::text`;
  const result = await tx
    .updateTable('jobs')
    .set({ payload: sql<string>`${replaceMatches(payload, pattern, tag)}::jsonb` })
    .where(payload, '~*', pattern)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
