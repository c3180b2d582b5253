import { sql } from 'kysely';
import type { ConsoleSessionRow, ConsoleSignInRow } from './sessions.table';
import type { Db } from '../database';

export interface NewSession {
  idHash: Buffer;
  sub: string;
  roles: string[];
  csrfToken: string;
  via: 'dev' | 'oidc';
  expiresAt: Date;
}

export async function insertSession(db: Db, s: NewSession): Promise<void> {
  await db.insertInto('console_sessions').values({ id_hash: s.idHash, sub: s.sub, roles: s.roles, csrf_token: s.csrfToken, via: s.via, expires_at: s.expiresAt }).execute();
}

/** The live session with this hash, touched: one statement checks revocation, the absolute end
 * and the idle end, and moves the idle end on, so two tabs racing cannot revive an idle session. */
export async function touchLiveSession(db: Db, idHash: Buffer, idleMinutes: number): Promise<ConsoleSessionRow | undefined> {
  return db
    .updateTable('console_sessions')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .where('last_seen_at', '>', sql<Date>`now() - ${idleMinutes} * interval '1 minute'`)
    .returningAll()
    .executeTakeFirst();
}

export async function revokeSession(db: Db, idHash: Buffer): Promise<void> {
  await db
    .updateTable('console_sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('id_hash', '=', idHash)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Signs one person out everywhere (an admin's lever when a laptop is lost). */
export async function revokeSessionsOf(db: Db, sub: string): Promise<number> {
  const res = await db
    .updateTable('console_sessions')
    .set({ revoked_at: sql<Date>`now()` })
    .where('sub', '=', sub)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export async function insertSignIn(db: Db, row: ConsoleSignInRow): Promise<void> {
  await db.insertInto('console_sign_ins').values(row).execute();
}

/** A pending sign-in is used once: it is deleted as it is read. */
export async function takeSignIn(db: Db, idHash: Buffer): Promise<ConsoleSignInRow | undefined> {
  return db
    .deleteFrom('console_sign_ins')
    .where('id_hash', '=', idHash)
    .where('expires_at', '>', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();
}
