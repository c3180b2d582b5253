import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWTHeaderParameters, type JWTPayload } from 'jose';
import request from 'supertest';
import { createStaffVerifier, mintDevStaffToken, type StaffVerifier } from '../../src/staff-auth';
import { guardedApp } from './helpers';
import { serveJson, type JsonServer } from '../helpers/json-server';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'handoff-api';
const now = () => Math.floor(Date.now() / 1000);

let idp: Awaited<ReturnType<typeof generateKeyPair>>;
let attacker: Awaited<ReturnType<typeof generateKeyPair>>;
let idpServer: JsonServer;
let attackerServer: JsonServer;
let dataDir: string;
let otherDataDir: string;
let verifier: StaffVerifier;
let app: ReturnType<typeof guardedApp>;

beforeAll(async () => {
  idp = await generateKeyPair('ES256', { extractable: true });
  attacker = await generateKeyPair('ES256', { extractable: true });
  const idpJwk = { ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
  const attackerJwk = { ...(await exportJWK(attacker.publicKey)), kid: 'evil-1', alg: 'ES256', use: 'sig' };
  idpServer = await serveJson(() => ({ keys: [idpJwk] }));
  attackerServer = await serveJson(() => ({ keys: [attackerJwk] }));
  dataDir = await mkdtemp(join(tmpdir(), 'handoff-staff-idp-'));
  otherDataDir = await mkdtemp(join(tmpdir(), 'handoff-staff-idp-dev-'));
  verifier = await createStaffVerifier({ jwksUrl: idpServer.url, issuer: ISSUER, audience: AUDIENCE, dataDir });
  app = guardedApp(verifier);
});
afterAll(async () => {
  await Promise.all([idpServer.close(), attackerServer.close(), rm(dataDir, { recursive: true, force: true }), rm(otherDataDir, { recursive: true, force: true })]);
});

/** A token as the identity provider would issue it, with any claim or header overridden (undefined drops a claim). */
function idpToken(claims: JWTPayload = {}, header: Partial<JWTHeaderParameters> = {}, key = idp.privateKey): Promise<string> {
  const standard = { iss: ISSUER, aud: AUDIENCE, sub: 'alice', roles: ['sales'], iat: now(), exp: now() + 600 };
  return new SignJWT({ ...standard, ...claims }).setProtectedHeader({ alg: 'ES256', kid: 'idp-1', ...header }).sign(key);
}

const asSales = (token: string) => request(app).get('/sales').set('Authorization', `Bearer ${token}`);

describe('staff tokens from the identity provider', () => {
  it('let a clerk holding the role through, as the token names them', async () => {
    const res = await asSales(await idpToken());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ sub: 'alice', roles: ['sales'] });
    expect(verifier.mode).toBe('identity-provider');
  });

  it('answer 403 to a valid token without the role, and 200 where one of the named roles is held', async () => {
    const finance = await idpToken({ roles: ['finance'] });
    expect((await asSales(finance)).status).toBe(403);
    expect((await asSales(finance)).type).toBe('application/problem+json');
    const other = await request(app).get('/finance-or-admin').set('Authorization', `Bearer ${finance}`);
    expect(other.status).toBe(200);
  });

  it('ignore roles we do not know, and treat a token with no roles claim as holding none', async () => {
    const res = await asSales(await idpToken({ roles: ['sales', 'superuser', 'sales'] }));
    expect(res.body).toEqual({ sub: 'alice', roles: ['sales'] });
    expect((await asSales(await idpToken({ roles: ['superuser'] }))).status).toBe(403);
    expect((await asSales(await idpToken({ roles: undefined }))).status).toBe(403);
  });

  it('let a token living exactly 12 hours through, and one issued 20 s ahead of our clock', async () => {
    expect((await asSales(await idpToken({ exp: now() + 12 * 3600 }))).status).toBe(200);
    expect((await asSales(await idpToken({ iat: now() + 20, exp: now() + 620 }))).status).toBe(200);
  });

  it('refuse a token longer than a configured maximum lifetime', async () => {
    const strict = await createStaffVerifier({ jwksUrl: idpServer.url, issuer: ISSUER, audience: AUDIENCE, dataDir, maxTokenLifetimeSec: 3600 });
    const strictApp = guardedApp(strict);
    const call = async (exp: number) =>
      (
        await request(strictApp)
          .get('/sales')
          .set('Authorization', `Bearer ${await idpToken({ exp })}`)
      ).status;
    expect(await call(now() + 3600)).toBe(200);
    expect(await call(now() + 7200)).toBe(401);
  });

  it('never send a request to a jku or x5u URL in the token header', async () => {
    const evil = { kid: 'evil-1', jku: attackerServer.url, x5u: attackerServer.url };
    const res = await asSales(await idpToken({ roles: ['admin', 'sales'] }, evil, attacker.privateKey));
    expect(res.status).toBe(401);
    expect(attackerServer.requests).toEqual([]);
  });
});

describe('each bad staff token is answered 401', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ['unsigned (alg: none)', async () => new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', roles: ['sales'] }).setExpirationTime('5m').encode()],
    [
      'HS256 signed with the public key PEM as the secret',
      async () =>
        new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', roles: ['sales'], exp: now() + 600 })
          .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
          .sign(new TextEncoder().encode(await exportSPKI(idp.publicKey))),
    ],
    [
      'HS256 signed with the public JWK as the secret',
      async () =>
        new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', roles: ['sales'], exp: now() + 600 })
          .setProtectedHeader({ alg: 'HS256', kid: 'idp-1' })
          .sign(new TextEncoder().encode(JSON.stringify(await exportJWK(idp.publicKey)))),
    ],
    ['expired an hour ago', () => idpToken({ iat: now() - 7200, exp: now() - 3600 })],
    ['living a hundred years', () => idpToken({ exp: now() + 100 * 365 * 86400 })],
    ['living a minute longer than 12 hours', () => idpToken({ exp: now() + 12 * 3600 + 60 })],
    ['issued an hour from now', () => idpToken({ iat: now() + 3600, exp: now() + 7200 })],
    ['issued a minute from now (beyond the 30 s clock tolerance)', () => idpToken({ iat: now() + 60, exp: now() + 660 })],
    ['issued 13 hours ago, its exp pushed ahead to stay valid', () => idpToken({ iat: now() - 13 * 3600, exp: now() + 600 })],
    ['without iat (its lifetime cannot be known)', () => idpToken({ iat: undefined })],
    ['not valid before an hour from now', () => idpToken({ nbf: now() + 3600 })],
    ['without exp', () => idpToken({ exp: undefined })],
    ['without sub', () => idpToken({ sub: undefined })],
    ['with an empty sub', () => idpToken({ sub: '' })],
    ['from another issuer', () => idpToken({ iss: 'https://evil.test/' })],
    ['for another audience', () => idpToken({ aud: 'some-other-api' })],
    ['with a kid the provider does not publish', () => idpToken({}, { kid: 'idp-unknown' })],
    ['signed by an attacker under the provider kid', () => idpToken({}, {}, attacker.privateKey)],
    [
      'carrying the attacker key as an embedded jwk',
      async () => idpToken({ roles: ['admin', 'sales'] }, { kid: undefined, jwk: await exportJWK(attacker.publicKey) }, attacker.privateKey),
    ],
    ['with roles that are not a list', () => idpToken({ roles: 'sales' })],
    ['signed with the dev key', () => mintDevStaffToken({ dataDir: otherDataDir, roles: ['sales'] })],
    ['not a JWT at all', async () => 'not.a.jwt'],
    [
      'tampered after signing (roles raised to admin)',
      async () => {
        const [header, , signature] = (await idpToken({ roles: ['finance'] })).split('.');
        const raised = { iss: ISSUER, aud: AUDIENCE, sub: 'alice', roles: ['admin', 'sales'], exp: now() + 600 };
        return [header, Buffer.from(JSON.stringify(raised)).toString('base64url'), signature].join('.');
      },
    ],
  ];

  it.each(cases)('a token %s', async (_name, make) => {
    const res = await asSales(await make());
    expect(res.status).toBe(401);
    expect(res.type).toBe('application/problem+json');
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it.each([
    ['no Authorization header', undefined],
    ['another scheme', 'Basic YWxpY2U6c2VjcmV0'],
    ['an empty bearer', 'Bearer '],
  ])('a request with %s', async (_name, header) => {
    const req = request(app).get('/any-staff');
    const res = header === undefined ? await req : await req.set('Authorization', header);
    expect(res.status).toBe(401);
  });

  it('none of them made us fetch from anywhere but the configured JWKS URL', () => {
    expect(attackerServer.requests).toEqual([]);
    expect(new Set(idpServer.requests)).toEqual(new Set(['/.well-known/jwks.json']));
  });

  it('the remote mode never created a dev key', async () => {
    expect(await readdir(dataDir)).not.toContain('staff-dev-key.json');
  });
});
