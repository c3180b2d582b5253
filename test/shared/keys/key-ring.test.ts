import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { compactVerify, exportJWK, generateKeyPair, importJWK, CompactSign } from 'jose';
import { loadKeyRing, publicJwks, ORDER_TOKEN_SECRET_FILE, REFERRAL_KEY_FILE } from '../../../src/shared/keys';
import { loadDevStaffKey, DEV_STAFF_KEY_FILE } from '../../../src/staff-auth';

const run = promisify(execFile);
let dataDir: string;

beforeEach(async () => {
  dataDir = join(await mkdtemp(join(tmpdir(), 'handoff-keys-')), 'data');
});
afterEach(async () => {
  await rm(join(dataDir, '..'), { recursive: true, force: true });
});

async function signReferral(dir: string): Promise<string> {
  const ring = await loadKeyRing({ dataDir: dir });
  return new CompactSign(new TextEncoder().encode('referral')).setProtectedHeader({ alg: 'ES256', kid: ring.referral.kid }).sign(ring.referral.privateKey);
}

describe('the key ring kept in the data dir', () => {
  it('is created on first use with files only the owner can read', async () => {
    await loadKeyRing({ dataDir });
    await loadDevStaffKey(dataDir);
    const names = (await readdir(dataDir)).sort();
    expect(names).toEqual([DEV_STAFF_KEY_FILE, ORDER_TOKEN_SECRET_FILE, REFERRAL_KEY_FILE].sort());
    for (const name of names) expect((await stat(join(dataDir, name))).mode & 0o777).toBe(0o600);
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
  });

  it('is the same after a restart: a referral signed before verifies with the keys published after', async () => {
    const signed = await signReferral(dataDir);
    const first = await loadKeyRing({ dataDir });
    const again = await loadKeyRing({ dataDir });
    expect(again.referral.kid).toBe(first.referral.kid);
    expect(Buffer.from(again.orderTokenSecret).equals(Buffer.from(first.orderTokenSecret))).toBe(true);
    expect((await loadDevStaffKey(dataDir)).kid).toBe((await loadDevStaffKey(dataDir)).kid);

    const [published] = publicJwks(again).keys;
    const { payload } = await compactVerify(signed, await importJWK(published!, 'ES256'));
    expect(new TextDecoder().decode(payload)).toBe('referral');
  });

  it('publishes only public members, with kid, alg and use', async () => {
    const { keys } = publicJwks(await loadKeyRing({ dataDir }));
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
    expect(keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
  });

  it('gives every loader one key when several start at once in one process', async () => {
    const rings = await Promise.all(Array.from({ length: 8 }, () => loadKeyRing({ dataDir })));
    expect(new Set(rings.map((r) => r.referral.kid)).size).toBe(1);
    expect(new Set(rings.map((r) => Buffer.from(r.orderTokenSecret).toString('hex'))).size).toBe(1);
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('gives every process one key when several processes start at once on a fresh dir', async () => {
    const fixture = join(__dirname, 'print-key-ring.fixture.ts');
    const tsx = join(__dirname, '../../../node_modules/.bin/tsx');
    const outputs = await Promise.all(Array.from({ length: 4 }, () => run(tsx, [fixture, dataDir])));
    const seen = new Set(outputs.map(({ stdout }) => stdout));
    expect(seen.size).toBe(1);
    const { kid } = JSON.parse([...seen][0]!) as { kid: string };
    expect((await loadKeyRing({ dataDir })).referral.kid).toBe(kid);
  });

  it('narrows a key file that others can read back to 0600', async () => {
    await loadKeyRing({ dataDir });
    await chmod(join(dataDir, REFERRAL_KEY_FILE), 0o644);
    await loadKeyRing({ dataDir });
    expect((await stat(join(dataDir, REFERRAL_KEY_FILE))).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged key file instead of silently replacing the key', async () => {
    await loadKeyRing({ dataDir });
    await writeFile(join(dataDir, REFERRAL_KEY_FILE), '{"kty":"EC"');
    await expect(loadKeyRing({ dataDir })).rejects.toThrow(REFERRAL_KEY_FILE);
    expect(await readFile(join(dataDir, REFERRAL_KEY_FILE), 'utf8')).toBe('{"kty":"EC"');
  });
});

describe('keys provided by the environment', () => {
  it('signs referrals with a provided private JWK and writes no referral key file', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const provided = await exportJWK(privateKey);
    const ring = await loadKeyRing({ dataDir, signingKeyJwk: JSON.stringify({ ...provided, kid: 'prod-2026' }) });
    expect(ring.referral.kid).toBe('prod-2026');
    expect(publicJwks(ring).keys[0]).toMatchObject({ kid: 'prod-2026', x: provided.x, y: provided.y });
    expect(publicJwks(ring).keys[0]).not.toHaveProperty('d');
    expect(await readdir(dataDir)).not.toContain(REFERRAL_KEY_FILE);
  });

  it('refuses a provided key that is public only, of another type, or not JSON', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const rsa = await exportJWK((await generateKeyPair('RS256', { extractable: true })).privateKey);
    for (const signingKeyJwk of [JSON.stringify(await exportJWK(publicKey)), JSON.stringify(rsa), 'not json']) {
      await expect(loadKeyRing({ dataDir, signingKeyJwk })).rejects.toThrow(/referral signing key/);
    }
  });

  it('uses a provided order token secret and refuses one shorter than 32 bytes', async () => {
    const secret = Buffer.alloc(32, 7).toString('base64url');
    const ring = await loadKeyRing({ dataDir, orderTokenSecret: secret });
    expect(Buffer.from(ring.orderTokenSecret).toString('base64url')).toBe(secret);
    await expect(loadKeyRing({ dataDir, orderTokenSecret: 'c2hvcnQ' })).rejects.toThrow(/at least 32 bytes/);
  });
});
