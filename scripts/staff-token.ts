/**
 * npm run staff-token -- <role>[,<role>] [--sub NAME] [--ttl 15m]
 * Prints one staff JWT signed with the dev key in DATA_DIR, for curl against a development setup.
 * Refuses where STAFF_JWKS_URL is set: there the identity provider issues tokens, and a dev-key
 * token would be refused anyway.
 */
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { ConfigError, loadConfig } from '../src/shared/config';
import { mintDevStaffToken, STAFF_ROLES } from '../src/staff-auth';

const USAGE = `usage: npm run staff-token -- <role>[,<role>] [--sub NAME] [--ttl 15m]   roles: ${STAFF_ROLES.join(', ')}`;

async function main(argv: string[]): Promise<string> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { sub: { type: 'string' }, ttl: { type: 'string' } },
  });
  const [roleList, ...extra] = positionals;
  if (roleList === undefined || extra.length > 0) throw new Error(USAGE);

  const config = loadConfig();
  if (config.staffAuth.jwksUrl !== undefined) {
    throw new Error('STAFF_JWKS_URL is set: staff tokens come from that identity provider, not from the dev key.');
  }
  const roles = roleList
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  const token = await mintDevStaffToken({ dataDir: config.dataDir, roles, sub: values.sub, ttl: values.ttl });
  // Said here rather than by a 401 later: the verifier refuses a token that lives longer.
  const { iat, exp } = decodeJwt(token);
  const max = config.staffAuth.maxTokenLifetimeSeconds;
  if (exp! - iat! > max) throw new Error(`--ttl ${values.ttl} is longer than STAFF_JWT_MAX_LIFETIME_SECONDS (${max} s): such a token is refused.`);
  return token;
}

main(process.argv.slice(2)).then(
  (token) => console.log(token),
  (err: unknown) => {
    const lines = err instanceof ConfigError ? err.problems : [(err as Error).message];
    for (const line of lines) console.error(`staff-token: ${line}`);
    process.exitCode = 1;
  },
);
