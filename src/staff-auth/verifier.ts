import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { unauthorized, unavailable } from '../shared/errors';
import { loadDevStaffKey } from './dev-staff-key';
import { DEV_AUDIENCE, DEV_ISSUER, isStaffRole, type Staff } from './staff';

/** Asymmetric only: an HMAC algorithm here would let anyone holding the public key mint tokens. */
export const REMOTE_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519'];
const DEFAULT_CLOCK_TOLERANCE_SEC = 30;
/** A working day: a token stolen from a laptop or a log stops working by the next morning. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SEC = 12 * 3600;

export interface StaffVerifierOptions {
  /** The identity provider's JWKS (STAFF_JWKS_URL). Unset: development, the dev key in `dataDir`. */
  jwksUrl?: string;
  /** Required with `jwksUrl`; refused without it (the dev key has its own fixed issuer and audience). */
  issuer?: string;
  audience?: string;
  dataDir: string;
  clockToleranceSec?: number;
  /** The longest `exp - iat` accepted (STAFF_JWT_MAX_LIFETIME_SECONDS); default 12 hours. */
  maxTokenLifetimeSec?: number;
}

export interface StaffVerifier {
  /** `identity-provider` when STAFF_JWKS_URL is set, else `dev-key`; for the start-up line. */
  readonly mode: 'identity-provider' | 'dev-key';
  /** The caller, or an AppError: 401 for any bad token, 503 when the provider's keys cannot be fetched. */
  verify(token: string): Promise<Staff>;
}

export async function createStaffVerifier(opts: StaffVerifierOptions): Promise<StaffVerifier> {
  const clockTolerance = opts.clockToleranceSec ?? DEFAULT_CLOCK_TOLERANCE_SEC;
  const maxLifetime = opts.maxTokenLifetimeSec ?? DEFAULT_MAX_TOKEN_LIFETIME_SEC;
  if (opts.jwksUrl === undefined) {
    if (opts.issuer !== undefined || opts.audience !== undefined) {
      throw new Error('STAFF_JWT_ISSUER and STAFF_JWT_AUDIENCE apply only with STAFF_JWKS_URL; set it too, or unset them to use the dev key');
    }
    const { publicJwk } = await loadDevStaffKey(opts.dataDir);
    const keys = createLocalJWKSet({ keys: [publicJwk] });
    return verifierFor('dev-key', keys, { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, algorithms: ['ES256'], clockTolerance, maxLifetime });
  }
  if (!opts.issuer || !opts.audience) {
    throw new Error('STAFF_JWT_ISSUER and STAFF_JWT_AUDIENCE are required with STAFF_JWKS_URL');
  }
  const keys = providerKeys(new URL(opts.jwksUrl));
  return verifierFor('identity-provider', keys, { issuer: opts.issuer, audience: opts.audience, algorithms: REMOTE_ALGORITHMS, clockTolerance, maxLifetime });
}

interface Checks {
  issuer: string;
  audience: string;
  algorithms: string[];
  clockTolerance: number;
  maxLifetime: number;
}

/**
 * `iat` is required in both modes: without it a token's lifetime cannot be known, and every
 * identity provider we would use (and our dev key) sets it. jose's `maxTokenAge` requires it and
 * refuses one in the future beyond the clock tolerance (or older than the longest lifetime);
 * `exp - iat` longer than the longest lifetime is refused here, so a token minted to last a
 * century is refused on its first use rather than trusted for twelve hours.
 */
function verifierFor(mode: StaffVerifier['mode'], keys: JWTVerifyGetKey, { maxLifetime, ...checks }: Checks): StaffVerifier {
  return {
    mode,
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, keys, { ...checks, maxTokenAge: maxLifetime, requiredClaims: ['exp', 'iat', 'sub'] });
        if (payload.exp! - payload.iat! > maxLifetime) throw unauthorized(`The bearer token lives longer than the ${maxLifetime} s allowed here.`);
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
