import { createHmac } from 'node:crypto';
import type { KeyRing } from '../shared/keys';
import { derivedKey } from './derived-keys';

/**
 * A keyed hash of an email address. Keyed, because a plain hash of an address is reversed by
 * hashing a list of addresses; with the key we can still answer "was this address erased?".
 */
export function subjectHash(ring: KeyRing, email: string): string {
  return createHmac('sha256', derivedKey(ring, 'pseudonym')).update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
}

export interface Pseudonym {
  name: string;
  email: string;
}

/** What stands in for a person after erasure: the same for all their orders, so the books still show
 * that two orders came from one customer, and recognisable (`erased-`) to people and to the consent
 * ledger's trigger. `.invalid` can never be delivered to (RFC 2606). */
export function pseudonymFor(hash: string): Pseudonym {
  const tag = `erased-${hash.slice(0, 12)}`;
  return { name: tag, email: `${tag}@erased.invalid` };
}
