/** Identifiers with Stripe's prefixes and alphabet (`pi_3Pq...`, `cs_test_a1...`). */
import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

export const newId = (prefix: string, length = 24): string => `${prefix}_${randomToken(length)}`;

/** Checkout Session ids are longer and carry the mode: `cs_test_a1...`. */
export const newSessionId = (): string => `cs_test_a1${randomToken(56)}`;
