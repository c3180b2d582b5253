import { mintDevStaffToken } from '../../src/staff-auth';

/** A staff JWT for the app under test, signed with the dev key in its data dir (tests run with no
 * identity provider). `sub` names the clerk in history and audit entries: `staff:sam` by default. */
export function staffToken(t: { dataDir: string }, roles: string[], opts: { sub?: string; ttl?: string } = {}): Promise<string> {
  return mintDevStaffToken({ dataDir: t.dataDir, roles, sub: opts.sub ?? 'sam', ttl: opts.ttl });
}
