import { createHash, randomBytes } from 'node:crypto';
import { isStaffRole, type Staff } from '../staff-auth';
import { insertSession, insertSignIn, revokeSession, takeSignIn, touchLiveSession } from './sessions.repository';
import type { PendingSignIn } from './oidc';
import type { Db } from '../database';

export interface SessionRules {
  idleMinutes: number;
  maxHours: number;
}

/** What a request's session gives the console: who, and the token its forms must carry. */
export interface ConsoleSession {
  staff: Staff;
  csrfToken: string;
}

export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest();

/** Starts a session; the returned secret goes into the cookie and nowhere else. */
export async function startSession(db: Db, rules: SessionRules, staff: Staff, via: 'dev' | 'oidc'): Promise<string> {
  const secret = newSecret();
  const expiresAt = new Date(Date.now() + rules.maxHours * 3600_000);
  await insertSession(db, { idHash: hashSecret(secret), sub: staff.sub, roles: staff.roles, csrfToken: newSecret(), via, expiresAt });
  return secret;
}

/** The session behind a cookie value, if it is live (not revoked, idle or past its absolute end). */
export async function resumeSession(db: Db, rules: SessionRules, secret: string): Promise<ConsoleSession | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return undefined;
  const row = await touchLiveSession(db, hashSecret(secret), rules.idleMinutes);
  if (!row) return undefined;
  return { staff: { sub: row.sub, roles: row.roles.filter(isStaffRole) }, csrfToken: row.csrf_token };
}

export async function endSession(db: Db, secret: string): Promise<void> {
  await revokeSession(db, hashSecret(secret));
}

/** Keeps what the callback needs for ten minutes, under a new secret for the browser's cookie. */
export async function rememberSignIn(db: Db, pending: PendingSignIn): Promise<string> {
  const secret = newSecret();
  await insertSignIn(db, { id_hash: hashSecret(secret), ...toRow(pending), expires_at: new Date(Date.now() + 10 * 60_000) });
  return secret;
}

export async function recallSignIn(db: Db, secret: string): Promise<PendingSignIn | undefined> {
  const row = await takeSignIn(db, hashSecret(secret));
  return row && { state: row.state, nonce: row.nonce, codeVerifier: row.code_verifier };
}

const toRow = (p: PendingSignIn) => ({ state: p.state, nonce: p.nonce, code_verifier: p.codeVerifier });
