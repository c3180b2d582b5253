import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { readOrCreateKeyFile } from './key-file';

/** A private key we sign with, and what others need to verify it. */
export interface SigningKey {
  privateKey: CryptoKey;
  /** Public members only (kty, crv, x, y) plus kid, alg and use: safe to publish. */
  publicJwk: JWK;
  kid: string;
}

/** A fresh ES256 private JWK; its kid is the RFC 7638 thumbprint, so it names the key itself. */
export async function generateEs256Jwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'ES256', use: 'sig' };
}

/** Accepts only a private P-256 JWK; anything else is refused before it can be used to sign. */
export function parseEs256PrivateJwk(raw: unknown): JWK {
  const jwk = raw as Record<string, unknown> | null;
  if (typeof jwk !== 'object' || jwk === null) throw new Error('expected a JWK object');
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new Error('expected an EC P-256 key (ES256)');
  for (const member of ['x', 'y', 'd'] as const) {
    if (typeof jwk[member] !== 'string') throw new Error(`the private JWK lacks "${member}"`);
  }
  if (jwk.kid !== undefined && (typeof jwk.kid !== 'string' || jwk.kid === '')) throw new Error('"kid" must be a non-empty string');
  return jwk;
}

export async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  const { kty, crv, x, y } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint({ kty, crv, x, y }));
  // Non-extractable: once imported, the private key cannot be exported again by anything in-process.
  const privateKey = (await importJWK({ kty, crv, x, y, d: jwk.d }, 'ES256', { extractable: false })) as CryptoKey;
  return { privateKey, publicJwk: { kty, crv, x, y, kid, alg: 'ES256', use: 'sig' }, kid };
}

/** The ES256 key kept in `dataDir/fileName`, created there on first use. */
export async function loadEs256KeyFile(dataDir: string, fileName: string): Promise<SigningKey> {
  return toSigningKey(await readOrCreateKeyFile(dataDir, fileName, generateEs256Jwk, parseEs256PrivateJwk));
}
