import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import request from 'supertest';
import { createStaffVerifier, loadDevStaffKey, mintDevStaffToken, type StaffVerifier } from '../../src/staff-auth';
import { guardedApp } from './helpers';

let dataDir: string;
let otherDir: string;
let verifier: StaffVerifier;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handoff-staff-dev-'));
  otherDir = await mkdtemp(join(tmpdir(), 'handoff-staff-dev-other-'));
  verifier = await createStaffVerifier({ dataDir });
});
afterAll(async () => {
  await Promise.all([rm(dataDir, { recursive: true, force: true }), rm(otherDir, { recursive: true, force: true })]);
});

const call = (path: string, token: string) => request(guardedApp(verifier)).get(path).set('Authorization', `Bearer ${token}`);

describe('staff tokens in development (no identity provider)', () => {
  it('minted with the dev key open the routes of the roles they carry', async () => {
    const token = await mintDevStaffToken({ dataDir, roles: ['finance', 'admin'], sub: 'fiona' });
    expect(verifier.mode).toBe('dev-key');
    expect((await call('/finance-or-admin', token)).body).toEqual({ sub: 'fiona', roles: ['finance', 'admin'] });
    expect((await call('/sales', token)).status).toBe(403);
  });

  it('carry the dev issuer, audience, the key id and a 15 minute lifetime by default', async () => {
    const token = await mintDevStaffToken({ dataDir, roles: ['sales'] });
    const { iss, aud, sub, iat, exp } = decodeJwt(token);
    expect({ iss, aud, sub, lifetime: exp! - iat! }).toEqual({ iss: 'handoff-dev', aud: 'handoff-staff', sub: 'dev-staff', lifetime: 900 });
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: (await loadDevStaffKey(dataDir)).kid });
  });

  it('minted with another installation dev key are 401', async () => {
    const foreign = await mintDevStaffToken({ dataDir: otherDir, roles: ['sales'] });
    expect((await call('/sales', foreign)).status).toBe(401);
  });

  it('that have expired are 401', async () => {
    const expired = await mintDevStaffToken({ dataDir, roles: ['sales'], ttl: '-1h' });
    const res = await call('/sales', expired);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/expired/);
  });

  it('living longer than 12 hours are 401, whoever minted them; 12 hours exactly pass', async () => {
    const century = await mintDevStaffToken({ dataDir, roles: ['sales'], ttl: '36500d' });
    const res = await call('/sales', century);
    expect(res.status).toBe(401);
    expect(res.body.detail).toMatch(/longer than the 43200 s/);
    expect((await call('/sales', await mintDevStaffToken({ dataDir, roles: ['sales'], ttl: '12h' }))).status).toBe(200);
  });

  it('still verify after the verifier is created again on the same data dir (a restart)', async () => {
    const token = await mintDevStaffToken({ dataDir, roles: ['sales'] });
    const restarted = await createStaffVerifier({ dataDir });
    expect(await restarted.verify(token)).toEqual({ sub: 'dev-staff', roles: ['sales'] });
  });

  it('are not minted for unknown roles, no role, an empty subject or a bad ttl', async () => {
    await expect(mintDevStaffToken({ dataDir, roles: ['sales', 'root'] })).rejects.toThrow(/unknown: root/);
    await expect(mintDevStaffToken({ dataDir, roles: [] })).rejects.toThrow(/sales, finance, admin/);
    await expect(mintDevStaffToken({ dataDir, roles: ['sales'], sub: ' ' })).rejects.toThrow(/sub/);
    await expect(mintDevStaffToken({ dataDir, roles: ['sales'], ttl: 'soon' })).rejects.toThrow(/"soon"/);
  });
});

describe('the failure hook (for counting failed sign-ins)', () => {
  it('is called for each 401 and not for a 403 or a success', async () => {
    const failures: Request[] = [];
    const app = guardedApp({ verifier, onFailure: (req) => failures.push(req) });
    const finance = await mintDevStaffToken({ dataDir, roles: ['finance'] });
    const sales = await mintDevStaffToken({ dataDir, roles: ['sales'] });

    expect((await request(app).get('/sales')).status).toBe(401);
    expect((await request(app).get('/sales').set('Authorization', 'Bearer forged.token.here')).status).toBe(401);
    expect((await request(app).get('/sales').set('Authorization', `Bearer ${finance}`)).status).toBe(403);
    expect((await request(app).get('/sales').set('Authorization', `Bearer ${sales}`)).status).toBe(200);
    expect(failures.map((req) => req.path)).toEqual(['/sales', '/sales']);
  });
});
