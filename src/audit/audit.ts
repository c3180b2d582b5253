import type { Selectable } from 'kysely';
import type { AuditLogTable } from './audit.table';
import type { Db, Tx } from '../database';

export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  detail?: unknown;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Written in the same transaction as the change it describes. Holds ids, statuses and amounts;
 * no personal data, so an erasure never has to edit the append-only log. */
export async function audit(db: Db | Tx, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor: e.actor,
      action: e.action,
      subject_type: e.subjectType,
      subject_id: e.subjectId ?? null,
      before: json(e.before),
      after: json(e.after),
      detail: json(e.detail),
    })
    .execute();
}

/** The entries about any of these subjects, oldest first. */
export async function findAuditEntries(db: Db | Tx, subjectIds: string[]): Promise<Array<Selectable<AuditLogTable>>> {
  if (subjectIds.length === 0) return [];
  return db.selectFrom('audit_log').selectAll().where('subject_id', 'in', subjectIds).orderBy('id').execute();
}

/** The log newest first, for reading in pages: entries with an id below `beforeId`. */
export async function listAuditNewestFirst(db: Db, beforeId: number | undefined, limit: number): Promise<Array<Selectable<AuditLogTable>>> {
  let q = db.selectFrom('audit_log').selectAll();
  if (beforeId !== undefined) q = q.where('id', '<', beforeId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}
