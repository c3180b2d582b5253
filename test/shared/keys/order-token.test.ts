import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, SignJWT, UnsecuredJWT } from 'jose';
import { loadKeyRing, signOrderToken, verifyOrderToken, type KeyRing } from '../../../src/shared/keys';

let dataDir: string;
let ring: KeyRing;
const ORDER_A = '0b9a3c6e-6f0d-4d0e-9a47-4c1f1f0d2a11';
const ORDER_B = '5d2e8f4a-1c3b-4e6d-8f7a-9b0c1d2e3f40';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'handoff-order-token-'));
  ring = await loadKeyRing({ dataDir });
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Replaces the claims and keeps the signature, as someone editing the token by hand would. */
function withClaims(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

describe('order tokens', () => {
  it('open the order they were issued for', async () => {
    expect(await verifyOrderToken(ring, await signOrderToken(ring, ORDER_A), ORDER_A)).toBe(true);
  });

  it('do not open another order', async () => {
    const tokenForA = await signOrderToken(ring, ORDER_A);
    expect(await verifyOrderToken(ring, tokenForA, ORDER_B)).toBe(false);
    expect(await verifyOrderToken(ring, tokenForA, '')).toBe(false);
  });

  it('fail when the order id inside is edited', async () => {
    const token = await signOrderToken(ring, ORDER_A);
    expect(await verifyOrderToken(ring, withClaims(token, { ...decodeJwt(token), sub: ORDER_B }), ORDER_B)).toBe(false);
  });

  it('fail when a signature byte is changed', async () => {
    const token = await signOrderToken(ring, ORDER_A);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    expect(await verifyOrderToken(ring, `${token.slice(0, -2)}${last}${token.at(-1)}`, ORDER_A)).toBe(false);
  });

  it('from another installation, unsigned, or garbage do not open anything', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'handoff-order-token-other-'));
    const other = await loadKeyRing({ dataDir: otherDir });
    await rm(otherDir, { recursive: true, force: true });
    const unsigned = new UnsecuredJWT({}).setIssuer('handoff').setAudience('handoff:order').setSubject(ORDER_A).setExpirationTime('1h').encode();
    for (const token of [await signOrderToken(other, ORDER_A), unsigned, 'not-a-token', '']) {
      expect(await verifyOrderToken(ring, token, ORDER_A)).toBe(false);
    }
  });

  it('signed with our secret but for another audience, or without expiry, are refused', async () => {
    const sign = (jwt: SignJWT) => jwt.setProtectedHeader({ alg: 'HS256' }).setSubject(ORDER_A).setIssuer('handoff').sign(ring.orderTokenSecret);
    expect(await verifyOrderToken(ring, await sign(new SignJWT({}).setAudience('handoff-staff').setExpirationTime('1h')), ORDER_A)).toBe(false);
    expect(await verifyOrderToken(ring, await sign(new SignJWT({}).setAudience('handoff:order')), ORDER_A)).toBe(false);
  });

  it('stay valid for a year, so the link in an email keeps working', async () => {
    const { iat, exp, iss, aud } = decodeJwt(await signOrderToken(ring, ORDER_A));
    expect(exp! - iat!).toBe(365 * 24 * 60 * 60);
    expect({ iss, aud }).toEqual({ iss: 'handoff', aud: 'handoff:order' });
  });

  it('keep working after a restart on the same data dir', async () => {
    const token = await signOrderToken(ring, ORDER_A);
    expect(await verifyOrderToken(await loadKeyRing({ dataDir }), token, ORDER_A)).toBe(true);
  });
});
