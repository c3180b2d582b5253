import { SignJWT } from 'jose';
import { loadDevStaffKey } from './dev-staff-key';
import { DEV_AUDIENCE, DEV_ISSUER, isStaffRole, STAFF_ROLES } from './staff';

export interface DevStaffTokenOptions {
  dataDir: string;
  roles: string[];
  /** Default `dev-staff`. */
  sub?: string;
  /** A jose time span such as `15m`, `8h`; default `15m`. */
  ttl?: string;
}

/**
 * A staff token signed with the dev key, accepted only by a verifier without STAFF_JWKS_URL.
 * Unknown roles are refused here rather than silently dropped, so a typo does not print a token
 * that then answers 403.
 */
export async function mintDevStaffToken(opts: DevStaffTokenOptions): Promise<string> {
  const unknown = opts.roles.filter((role) => !isStaffRole(role));
  if (opts.roles.length === 0 || unknown.length > 0) {
    throw new Error(`Roles must be one or more of ${STAFF_ROLES.join(', ')}${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
  }
  const sub = opts.sub ?? 'dev-staff';
  if (sub.trim() === '') throw new Error('The subject (sub) must not be empty');
  const jwt = new SignJWT({ roles: [...new Set(opts.roles)] });
  // A bad ttl is refused before the key file is touched; both times are set again, side by side,
  // once the key is loaded. jose reads the clock in each call: with the file read between them,
  // `exp - iat` came out a second short of the ttl whenever a second ticked over meanwhile.
  setTimes(jwt, opts.ttl);
  const { privateKey, kid } = await loadDevStaffKey(opts.dataDir);
  return setTimes(jwt, opts.ttl).setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' }).setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setSubject(sub).sign(privateKey);
}

function setTimes(jwt: SignJWT, ttl = '15m'): SignJWT {
  try {
    return jwt.setIssuedAt().setExpirationTime(ttl);
  } catch {
    throw new Error(`The ttl "${ttl}" is not a time span such as 15m, 8h or 7d`);
  }
}
