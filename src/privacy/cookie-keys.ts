import { createHash, randomBytes } from 'node:crypto';
import { base64url } from 'jose';
import { readOrCreateKeyFile } from '../shared/keys/key-file';

/** The file that holds the development cookie key when COOKIE_KEY is unset (never in production). */
export const COOKIE_KEY_FILE = 'cookie-key.json';
const KEY_BYTES = 32;
const KID = /^[A-Za-z0-9_-]{1,32}$/;

export interface CookieKey {
  kid: string;
  key: Uint8Array;
}

/** The first key encrypts; every key decrypts, so a key can be rotated without logging anyone out. */
export interface CookieKeys {
  current: CookieKey;
  byKid: ReadonlyMap<string, Uint8Array>;
}

/**
 * COOKIE_KEY is either one key (base64url, 32 bytes) or a comma-separated list of `kid:key`
 * entries, newest first. Rotation: put the new entry first and keep the old one after it until the
 * old cookies have expired (PREFILL_TTL), then drop it. Errors never include key material.
 */
export function parseCookieKeys(setting: string): CookieKeys {
  const entries = setting.split(',').map((entry, i) => parseEntry(entry.trim(), i));
  const byKid = new Map<string, Uint8Array>();
  for (const { kid, key } of entries) {
    if (byKid.has(kid)) throw new Error(`COOKIE_KEY names the key id "${kid}" twice`);
    byKid.set(kid, key);
  }
  return { current: entries[0]!, byKid };
}

function parseEntry(entry: string, index: number): CookieKey {
  const colon = entry.indexOf(':');
  const kid = colon < 0 ? undefined : entry.slice(0, colon);
  const encoded = colon < 0 ? entry : entry.slice(colon + 1);
  if (kid !== undefined && !KID.test(kid)) {
    throw new Error(`COOKIE_KEY entry ${index + 1}: the key id must be 1-32 letters, digits, "-" or "_"`);
  }
  let key: Uint8Array;
  try {
    key = base64url.decode(encoded);
  } catch {
    throw new Error(`COOKIE_KEY entry ${index + 1} is not base64url`);
  }
  if (key.length !== KEY_BYTES || !/^[A-Za-z0-9_-]+$/.test(encoded)) {
    throw new Error(`COOKIE_KEY entry ${index + 1} must be ${KEY_BYTES} bytes, base64url (e.g. openssl rand 32 | basenc --base64url)`);
  }
  return { kid: kid ?? derivedKid(key), key };
}

/** A bare key gets a stable id from its hash, so the same setting on every instance names it alike. */
function derivedKid(key: Uint8Array): string {
  return `k${createHash('sha256').update(key).digest('base64url').slice(0, 10)}`;
}

/** Outside production without COOKIE_KEY: one key generated into DATA_DIR on first use and kept. */
export async function loadDevCookieKeys(dataDir: string): Promise<CookieKeys> {
  const jwk = await readOrCreateKeyFile(dataDir, COOKIE_KEY_FILE, generateJwk, parseJwk);
  return parseCookieKeys(`${jwk.kid}:${jwk.k}`);
}

async function generateJwk(): Promise<{ kty: 'oct'; alg: 'dir'; kid: string; k: string }> {
  const key = randomBytes(KEY_BYTES);
  return { kty: 'oct', alg: 'dir', kid: derivedKid(key), k: base64url.encode(key) };
}

function parseJwk(raw: unknown): { kid: string; k: string } {
  const jwk = raw as { kty?: unknown; kid?: unknown; k?: unknown } | null;
  if (jwk?.kty !== 'oct' || typeof jwk.k !== 'string' || typeof jwk.kid !== 'string') {
    throw new Error('expected a JWK with kty "oct", "kid" and "k"');
  }
  return { kid: jwk.kid, k: jwk.k };
}

/** COOKIE_KEY when set (checked at once, so a bad setting stops the start), else the dev key, loaded
 * on first use because building the app is synchronous. */
export function cookieKeySource(setting: string | undefined, dataDir: string): () => Promise<CookieKeys> {
  if (setting !== undefined) {
    const keys = parseCookieKeys(setting);
    return async () => keys;
  }
  let loading: Promise<CookieKeys> | undefined;
  return () => {
    loading ??= loadDevCookieKeys(dataDir).catch((err: unknown) => {
      loading = undefined;
      throw err;
    });
    return loading;
  };
}
