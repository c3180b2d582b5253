import { loadEs256KeyFile, type SigningKey } from '../shared/keys';

export const DEV_STAFF_KEY_FILE = 'staff-dev-key.json';

/**
 * The ES256 key pair that signs and verifies staff tokens in development, when no identity
 * provider is configured (STAFF_JWKS_URL unset). Kept in the data dir so tokens printed by
 * `npm run staff-token` keep working across restarts.
 */
export async function loadDevStaffKey(dataDir: string): Promise<SigningKey> {
  return loadEs256KeyFile(dataDir, DEV_STAFF_KEY_FILE);
}
