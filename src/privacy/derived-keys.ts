import { hkdfSync } from 'node:crypto';
import type { KeyRing } from '../shared/keys';

/**
 * Keys for privacy's own tokens and pseudonyms, derived (HKDF-SHA256) from the order-token secret
 * rather than kept as more secrets to configure and rotate: every instance already shares that
 * secret, and a key derived for one purpose can never verify or produce another's values.
 */
export function derivedKey(ring: KeyRing, purpose: 'unsubscribe' | 'pseudonym'): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ring.orderTokenSecret, new Uint8Array(0), `handoff privacy ${purpose} v1`, 32));
}
