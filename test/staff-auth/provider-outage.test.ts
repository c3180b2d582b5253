import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { createStaffVerifier } from '../../src/staff-auth';
import { guardedApp } from './helpers';
import { serveJson } from '../helpers/json-server';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handoff-staff-outage-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function wellFormedToken(): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  return new SignJWT({ sub: 'alice', roles: ['sales'] })
    .setProtectedHeader({ alg: 'ES256', kid: 'idp-1' })
    .setIssuer('https://idp.test/')
    .setAudience('handoff-api')
    .setExpirationTime('5m')
    .sign(privateKey);
}

async function closedPortUrl(): Promise<string> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/.well-known/jwks.json`;
}

async function callThrough(jwksUrl: string) {
  const verifier = await createStaffVerifier({ jwksUrl, issuer: 'https://idp.test/', audience: 'handoff-api', dataDir });
  return request(guardedApp(verifier))
    .get('/sales')
    .set('Authorization', `Bearer ${await wellFormedToken()}`);
}

describe('when the identity provider cannot give its keys', () => {
  it('answers 503 with Retry-After, not 401, when nothing listens at the JWKS URL', async () => {
    const res = await callThrough(await closedPortUrl());
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('30');
    expect(res.body.code).toBe('staff_keys_unavailable');
  });

  it('answers 503 when the JWKS URL answers with an error', async () => {
    const failing = await serveJson(() => ({ error: 'down for maintenance' }), 500);
    try {
      expect((await callThrough(failing.url)).status).toBe(503);
    } finally {
      await failing.close();
    }
  });
});

describe('creating the verifier', () => {
  it('refuses a JWKS URL without issuer or audience', async () => {
    const jwksUrl = 'https://idp.test/jwks.json';
    await expect(createStaffVerifier({ jwksUrl, audience: 'handoff-api', dataDir })).rejects.toThrow(/STAFF_JWT_ISSUER/);
    await expect(createStaffVerifier({ jwksUrl, issuer: 'https://idp.test/', dataDir })).rejects.toThrow(/STAFF_JWT_AUDIENCE/);
  });

  it('refuses an issuer or audience without a JWKS URL: a half-configured provider must not fall back to the dev key', async () => {
    await expect(createStaffVerifier({ issuer: 'https://idp.test/', dataDir })).rejects.toThrow(/STAFF_JWKS_URL/);
    await expect(createStaffVerifier({ audience: 'handoff-api', dataDir })).rejects.toThrow(/STAFF_JWKS_URL/);
  });
});
