import type { Config } from '../shared/config';
import { createStaffVerifier, type StaffVerifier } from './verifier';

/** The identity provider's keys when STAFF_JWKS_URL is set, else the dev key kept in DATA_DIR. */
export function openStaffVerifier(config: Config): Promise<StaffVerifier> {
  const { jwksUrl, issuer, audience, maxTokenLifetimeSeconds } = config.staffAuth;
  return createStaffVerifier({
    dataDir: config.dataDir,
    maxTokenLifetimeSec: maxTokenLifetimeSeconds,
    ...(jwksUrl ? { jwksUrl } : {}),
    ...(issuer ? { issuer } : {}),
    ...(audience ? { audience } : {}),
  });
}
