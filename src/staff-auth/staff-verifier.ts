import type { Config } from '../shared/config';
import { createStaffVerifier, type StaffVerifier } from './verifier';

/** The identity provider's keys when STAFF_JWKS_URL is set, else the dev key kept in DATA_DIR. */
export function openStaffVerifier(config: Config): Promise<StaffVerifier> {
  const { jwksUrl, issuer, audience } = config.staffAuth;
  return createStaffVerifier({
    dataDir: config.dataDir,
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  });
}
