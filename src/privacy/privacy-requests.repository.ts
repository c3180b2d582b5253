import type { PrivacyRequestKind, PrivacyRequestRow } from './privacy.table';
import type { Db, Tx } from '../database';

export async function recordPrivacyRequest(
  db: Db | Tx,
  r: { kind: PrivacyRequestKind; subjectHash: string | null; requestedBy: string; counts: Record<string, number> },
): Promise<PrivacyRequestRow> {
  return db
    .insertInto('privacy_requests')
    .values({ kind: r.kind, subject_hash: r.subjectHash, requested_by: r.requestedBy, counts: JSON.stringify(r.counts) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPrivacyRequests(db: Db, subjectHash: string): Promise<PrivacyRequestRow[]> {
  return db.selectFrom('privacy_requests').selectAll().where('subject_hash', '=', subjectHash).orderBy('id').execute();
}
