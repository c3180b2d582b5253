export { loadEs256KeyFile, type SigningKey } from './es256';
export { loadKeyRing, publicJwks, REFERRAL_KEY_FILE, ORDER_TOKEN_SECRET_FILE, type KeyRing, type KeyRingOptions } from './key-ring';
export { signOrderToken, verifyOrderToken, ORDER_TOKEN_TTL } from './order-token';
