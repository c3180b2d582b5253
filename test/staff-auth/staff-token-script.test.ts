import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt } from 'jose';
import { createStaffVerifier } from '../../src/staff-auth';

const execFileAsync = promisify(execFile);
const root = join(__dirname, '../..');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handoff-staff-token-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `npm run staff-token -- ...args` as a person would, with only the variables given. */
async function staffToken(args: string[], env: Record<string, string> = {}) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('STAFF_')));
  try {
    const { stdout, stderr } = await execFileAsync(join(root, 'node_modules/.bin/tsx'), ['scripts/staff-token.ts', ...args], {
      cwd: root,
      env: { ...inherited, NODE_ENV: 'development', DATA_DIR: dataDir, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const { code, stdout, stderr } = err as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('npm run staff-token', () => {
  it('prints one token that the development verifier accepts, with the roles, subject and lifetime asked for', async () => {
    const { code, stdout } = await staffToken(['sales,finance', '--sub', 'bob', '--ttl', '1h']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const verifier = await createStaffVerifier({ dataDir });
    expect(await verifier.verify(lines[0]!)).toEqual({ sub: 'bob', roles: ['sales', 'finance'] });
    const { iat, exp } = decodeJwt(lines[0]!);
    expect(exp! - iat!).toBe(3600);
  });

  it('refuses with one clear line where STAFF_JWKS_URL is set', async () => {
    const { code, stdout, stderr } = await staffToken(['sales'], { STAFF_JWKS_URL: 'https://idp.example/jwks.json' });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('staff-token: STAFF_JWKS_URL is set: staff tokens come from that identity provider, not from the dev key.');
  });

  it('refuses an unknown role and a missing role list, naming the roles there are', async () => {
    const unknown = await staffToken(['sales,root']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/sales, finance, admin, door; unknown: root/);
    const missing = await staffToken([]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/usage: npm run staff-token/);
  });

  it('refuses a --ttl longer than the verifier accepts, with one clear line', async () => {
    const { code, stdout, stderr } = await staffToken(['sales', '--ttl', '13h']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim()).toBe('staff-token: --ttl 13h is longer than STAFF_JWT_MAX_LIFETIME_SECONDS (43200 s): such a token is refused.');
  });
});
