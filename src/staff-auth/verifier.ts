import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { unauthorized, unavailable } from '../shared/errors';
import { loadDevStaffKey } from './dev-staff-key';
import { DEV_AUDIENCE, DEV_ISSUER, isStaffRole, type Staff } from './staff';

/** Asymmetric only: an HMAC algorithm here would let anyone holding the public key mint tokens. */
export const REMOTE_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519'];
const DEFAULT_CLOCK_TOLERANCE_SEC = 30;

export interface StaffVerifierOptions {
  /** The identity provider's JWKS (STAFF_JWKS_URL). Unset: development, the dev key in `dataDir`. */
  jwksUrl?: string;
  /** Required with `jwksUrl`; refused without it (the dev key has its own fixed issuer and audience). */
  issuer?: string;
  audience?: string;
  dataDir: string;
  clockToleranceSec?: number;
}

export interface StaffVerifier {
  /** `identity-provider` when STAFF_JWKS_URL is set, else `dev-key`; for the start-up line. */
  readonly mode: 'identity-provider' | 'dev-key';
  /** The caller, or an AppError: 401 for any bad token, 503 when the provider's keys cannot be fetched. */
  verify(token: string): Promise<Staff>;
}

export async function createStaffVerifier(opts: StaffVerifierOptions): Promise<StaffVerifier> {
  const clockTolerance = opts.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC;
  if (opts.jwksUrl === undefined) {
    if (opts.issuer !== undefined || opts.audience !== undefined) {
      throw new Error('STAFF_JWT_ISSUER and STAFF_JWT_AUDIENCE apply only with STAFF_JWKS_URL; set it too, or unset them to use the dev key');
    }
    const { publicJwk } = await loadDevStaffKey(opts.dataDir);
    const keys = createLocalJWKSet({ keys: [publicJwk] });
    return verifierFor('dev-key', keys, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['ES256'], clockTolerance });
  }
  if (!opts.issuer || !opts.audience) {
    throw new Error('STAFF_JWT_ISSUER and STAFF_JWT_AUDIENCE are required with STAFF_JWKS_URL');
  }
  const keys = providerKeys(new URL(opts.jwksUrl));
  return verifierFor('identity-provider', keys, { issuer: opts.issuer, audience: opts.audience, algorithms: REMOTE_ALGORITHMS, clockTolerance });
}

interface Checks {
  issuer: string;
  audience: string;
  algorithms: string[];
  clockTolerance: number;
}

function verifierFor(mode: StaffVerifier['mode'], keys: JWTVerifyGetKey, checks: Checks): StaffVerifier {
  return {
    mode,
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { ...checks, requiredClaims: ['exp', 'sub'] });
        return toStaff(payload);
      } catch (err) {
        if (err instanceof errors.JWTExpired) throw unauthorized('The bearer token has expired.');
        if (err instanceof errors.JOSEError) throw unauthorized('The bearer token is not valid here.');
        throw err;
      }
    },
  };
}

/**
 * Keys come only from the configured JWKS URL. jose's key sets look at `alg` and `kid` alone, so a
 * token's `jku`, `x5u` or embedded `jwk` header is never fetched nor trusted; this wrapper adds no
 * such lookup. It only tells "the provider is unreachable" (503: the token may be fine, the client
 * should retry, not sign in again) from "no key matches this token" (401).
 */
function providerKeys(url: URL): JWTVerifyGetKey {
  const remote = createRemoteJWKSet(url);
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (err) {
      if (isAboutTheToken(err)) throw err;
      throw unavailable('staff_keys_unavailable', "The identity provider's signing keys could not be fetched; try again shortly.", 30);
    }
  };
}

function isAboutTheToken(err: unknown): boolean {
  return err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys || err instanceof errors.JOSENotSupported;
}

function toStaff(payload: JWTPayload): Staff {
  const { sub, roles } = payload;
  if (typeof sub !== 'string' || sub === '') throw unauthorized('The bearer token names no subject.');
  // A person with no role at all is still that person: 403 at a guarded route, not 401.
  if (roles === undefined) return { sub, roles: [] };
  if (!Array.isArray(roles)) throw unauthorized('The "roles" claim must be a list.');
  return { sub, roles: [...new Set(roles.filter(isStaffRole))] };
}
