import { errors, jwtVerify, SignJWT } from 'jose';
import type { KeyRing } from './key-ring';

const ISSUER = 'handoff';
const AUDIENCE = 'handoff:order';
/**
 * A shopper opens their order page from an email weeks later (offline payment, refunds), so the
 * token must outlive the order's active life; a year bounds how long a forwarded link keeps
 * working. It grants read access to one order only.
 */
export const ORDER_TOKEN_TTL = '365d';

/**
 * HS256 with a dedicated secret rather than the ES256 referral key: we are the only issuer and the
 * only verifier, HMAC is far cheaper on every order page view, and a key that signs one kind of
 * thing cannot be tricked into vouching for another.
 */
export async function signOrderToken(ring: KeyRing, orderId: string): Promise<string> {
  if (orderId === '') throw new Error('an order token needs an order id');
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(orderId)
    .setIssuedAt()
    .setExpirationTime(ORDER_TOKEN_TTL)
    .sign(ring.orderTokenSecret);
}

/** True only for an intact, unexpired token issued for exactly this order. */
export async function verifyOrderToken(ring: KeyRing, token: string, orderId: string): Promise<boolean> {
  try {
    const { payload } = await jwtVerify(token, ring.orderTokenSecret, {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['exp', 'sub'],
    });
    // Compared here rather than with jose's `subject` option, which skips the check for an empty id.
    return orderId !== '' && payload.sub === orderId;
  } catch (err) {
    if (err instanceof errors.JOSEError) return false;
    throw err;
  }
}
