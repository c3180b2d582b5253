import { errors, jwtVerify, SignJWT } from 'jose';
import type { KeyRing } from '../shared/keys';
import { derivedKey } from './derived-keys';

const ISSUER = 'handoff';
const AUDIENCE = 'handoff:unsubscribe';

export interface UnsubscribeClaim {
  /** The person's newest consent when the link was made: it and older ones are withdrawn, never a
   * later opt-in (consent ids only grow). */
  consentId: number;
}

/**
 * HS256 with a key derived for this purpose only. It names a consent by id, never the address, so a
 * forwarded or logged link shows nobody's email. No expiry: the link's only power is to stop mail,
 * and an unsubscribe link that stops working would keep sending mail to someone who said no.
 */
export async function signUnsubscribeToken(ring: KeyRing, consentId: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(String(consentId))
    .setIssuedAt()
    .sign(derivedKey(ring, 'unsubscribe'));
}

/** The claim of an intact link we made, else undefined (forged, edited, another kind of token). */
export async function verifyUnsubscribeToken(ring: KeyRing, token: string): Promise<UnsubscribeClaim | undefined> {
  try {
    const { payload } = await jwtVerify(token, derivedKey(ring, 'unsubscribe'), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'iat'],
    });
    const consentId = Number(payload.sub);
    if (!Number.isSafeInteger(consentId) || consentId <= 0) return undefined;
    return { consentId };
  } catch (err) {
    if (err instanceof errors.JOSEError) return undefined;
    throw err;
  }
}
