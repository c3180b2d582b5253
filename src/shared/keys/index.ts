export type { SigningKey } from './es256';
export { loadDevStaffKey, DEV_STAFF_KEY_FILE } from './dev-staff-key';
export { loadKeyRing, publicJwks, REFERRAL_KEY_FILE, ORDER_TOKEN_SECRET_FILE, type KeyRing, type KeyRingOptions } from './key-ring';
export { signOrderToken, verifyOrderToken, ORDER_TOKEN_TTL } from './order-token';
