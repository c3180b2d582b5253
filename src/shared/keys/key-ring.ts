import { randomBytes } from 'node:crypto';
import { base64url, type JWK } from 'jose';
import { loadEs256KeyFile, parseEs256PrivateJwk, toSigningKey, type SigningKey } from './es256';
import { readOrCreateKeyFile } from './key-file';

export const REFERRAL_KEY_FILE = 'referral-signing-key.json';
export const ORDER_TOKEN_SECRET_FILE = 'order-token-secret.json';
const MIN_SECRET_BYTES = 32;

/** Our own keys. Staff keys are not here: they belong to the identity provider (or the dev key). */
export interface KeyRing {
  /** Signs referrals sent to partners (ES256); its public half is served at /.well-known/jwks.json. */
  referral: SigningKey;
  /** HS256 secret for order tokens, which only we issue and only we check. */
  orderTokenSecret: Uint8Array;
}

export interface KeyRingOptions {
  /** Where keys are created on first use and kept (DATA_DIR, default `.data/`). */
  dataDir: string;
  /**
   * A private ES256 JWK as JSON. When given, the referral key is not read from or written to the
   * data dir. Needed when several instances serve one JWKS URL: each must sign with the same key.
   */
  signingKeyJwk?: string;
  /** base64url, at least 32 bytes; given for the same reason as `signingKeyJwk`. */
  orderTokenSecret?: string;
}

export async function loadKeyRing(opts: KeyRingOptions): Promise<KeyRing> {
  // One after the other: a refused key must not leave the other still being written when we throw.
  const referral = await loadReferralKey(opts);
  const orderTokenSecret = await loadOrderTokenSecret(opts);
  return Object.freeze({ referral, orderTokenSecret });
}

/** The document for GET /.well-known/jwks.json: public members only. */
export function publicJwks(ring: KeyRing): { keys: JWK[] } {
  return { keys: [{ ...ring.referral.publicJwk }] };
}

async function loadReferralKey({ dataDir, signingKeyJwk }: KeyRingOptions): Promise<SigningKey> {
  if (signingKeyJwk === undefined) {
    return loadEs256KeyFile(dataDir, REFERRAL_KEY_FILE);
  }
  try {
    return await toSigningKey(parseEs256PrivateJwk(JSON.parse(signingKeyJwk)));
  } catch (err) {
    throw new Error(`The referral signing key is not a usable private ES256 JWK: ${(err as Error).message}`, { cause: err });
  }
}

async function loadOrderTokenSecret({ dataDir, orderTokenSecret }: KeyRingOptions): Promise<Uint8Array> {
  if (orderTokenSecret !== undefined) return checkedSecret(base64url.decode(orderTokenSecret), 'The order token secret');
  const jwk = await readOrCreateKeyFile(dataDir, ORDER_TOKEN_SECRET_FILE, generateSecretJwk, parseSecretJwk);
  return base64url.decode(jwk.k);
}

async function generateSecretJwk(): Promise<{ kty: 'oct'; alg: 'HS256'; k: string }> {
  return { kty: 'oct', alg: 'HS256', k: base64url.encode(randomBytes(MIN_SECRET_BYTES)) };
}

function parseSecretJwk(raw: unknown): { k: string } {
  const jwk = raw as { kty?: unknown; k?: unknown } | null;
  if (jwk?.kty !== 'oct' || typeof jwk.k !== 'string') throw new Error('expected a JWK with kty "oct" and "k"');
  checkedSecret(base64url.decode(jwk.k), 'the secret');
  return { k: jwk.k };
}

function checkedSecret(secret: Uint8Array, name: string): Uint8Array {
  if (secret.length < MIN_SECRET_BYTES) throw new Error(`${name} must be at least ${MIN_SECRET_BYTES} bytes`);
  return secret;
}
