import type { Db, Tx } from '../db';

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
