import { EncryptJWT, errors, jwtDecrypt } from 'jose';
import { z } from 'zod';
import type { CookieKeys } from './cookie-keys';
import { MAX_COOKIE_BYTES } from '../shared/http/cookies';

/** The one cookie handoff ever sets, and only when the shopper asks for it (remember_me). */
export const PREFILL_COOKIE = 'handoff_prefill';
/** How long the details are remembered; also how long a rotated-out key must stay in COOKIE_KEY. */
export const PREFILL_TTL_SECONDS = 90 * 24 * 60 * 60;
const AUDIENCE = 'handoff:prefill';

/** What the cookie remembers: what the shopper typed into the checkout, nothing more. */
export const prefillCustomer = z
  .object({
    name: z.string().min(1).max(200),
    email: z.string().min(3).max(254),
    company: z.string().min(1).max(200).optional(),
    country: z.string().regex(/^[A-Z]{2}$/),
    phone: z.string().min(1).max(32).optional(),
  })
  .strict();
export type PrefillCustomer = z.infer<typeof prefillCustomer>;

/**
 * Encrypted, not signed: the details must be unreadable to anyone who sees the cookie (a shared
 * computer, a proxy's logs), and tamper-evident. `dir` + A256GCM: one symmetric key, authenticated
 * encryption, and no key-wrapping step to get wrong. The key id names which COOKIE_KEY entry sealed it.
 */
export async function sealPrefill(keys: CookieKeys, customer: PrefillCustomer): Promise<string> {
  return new EncryptJWT({ customer: prefillCustomer.parse(customer) })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: keys.current.kid, typ: 'JWT' })
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${PREFILL_TTL_SECONDS}s`)
    .encrypt(keys.current.key);
}

/** The remembered details, or undefined for anything that is not an intact, unexpired cookie we
 * sealed with a key we still hold: bit-flipped, foreign key, other algorithms, a signed JWS, too big. */
export async function openPrefill(keys: CookieKeys, value: string): Promise<PrefillCustomer | undefined> {
  if (Buffer.byteLength(value) > MAX_COOKIE_BYTES || value.split('.').length !== 5) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, (header) => keyFor(keys, header.kid), {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      audience: AUDIENCE,
      requiredClaims: ['exp', 'iat'],
    });
    const parsed = prefillCustomer.safeParse(payload.customer);
    return parsed.success ? parsed.data : undefined;
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
    throw err;
  }
}

function keyFor(keys: CookieKeys, kid: string | undefined): Uint8Array {
  const key = kid === undefined ? undefined : keys.byKid.get(kid);
  if (!key) throw new errors.JWEDecryptionFailed();
  return key;
}
