import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { publicJwks, type KeyRing } from '../shared/keys';

/**
 * Licences, tickets and the revocation list are signed with the ring's ES256 key, the one
 * /.well-known/jwks.json publishes, so licensed software and door scanners verify them offline
 * with that public key. Each kind carries its own `typ`, checked on every verification, so a
 * partner referral (same key) can never pass for a licence or a ticket, nor one for the other.
 */
export const LICENCE_TYP = 'handoff-licence+jwt';
export const TICKET_TYP = 'handoff-ticket+jwt';
export const REVOCATIONS_TYP = 'handoff-licence-revocations+jwt';

export interface Signer {
  keys: KeyRing;
  /** PUBLIC_BASE_URL: the `iss` of everything we sign. */
  issuer: string;
}

export async function signToken(s: Signer, typ: string, claims: JWTPayload & { sub: string }, expiresAt: Date | null): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: s.keys.referral.kid, typ }).setIssuer(s.issuer).setIssuedAt();
  if (expiresAt) jwt.setExpirationTime(Math.floor(expiresAt.getTime() / 1000));
  return jwt.sign(s.keys.referral.privateKey);
}

/** The claims of an intact token of this `typ` signed by us; undefined for anything else
 * (tampered, another kind, expired, not a JWS at all). */
export async function verifyToken(s: Signer, typ: string, token: string): Promise<JWTPayload | undefined> {
  try {
    const { payload } = await jwtVerify(token, createLocalJWKSet(publicJwks(s.keys)), { algorithms: ['ES256'], typ, issuer: s.issuer, requiredClaims: ['sub'] });
    return payload;
  } catch (err) {
    if (err instanceof errors.JOSEError || err instanceof TypeError) return undefined;
    throw err;
  }
}
