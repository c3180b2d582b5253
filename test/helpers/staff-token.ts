import request from 'supertest';
import { mintDevStaffToken } from '../../src/staff-auth';
import type { TestApp } from './app';

/** A staff JWT for the app under test, signed with the dev key in its data dir (tests run with no
 * identity provider). `sub` names the clerk in history and audit entries: `staff:sam` by default. */
export function staffToken(t: { dataDir: string }, roles: string[], opts: { sub?: string; ttl?: string } = {}): Promise<string> {
  return mintDevStaffToken({ dataDir: t.dataDir, roles, sub: opts.sub ?? 'sam', ttl: opts.ttl });
}

/** How a staff GET of `path` is answered without a token, and with a token holding only `roles`. */
export async function guardAnswers(t: TestApp, path: string, roles: string[]): Promise<{ anonymous: number; withRoles: number; type: string }> {
  const anonymous = (await request(t.app).get(path)).status;
  const res = await request(t.app)
    .get(path)
    .set('Authorization', `Bearer ${await staffToken(t, roles)}`);
  return { anonymous, withRoles: res.status, type: res.type };
}
