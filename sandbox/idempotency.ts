/** Stripe's idempotency keys: the same key with the same request replays the first successful
 * answer (`Idempotent-Replayed: true`); the same key with other parameters, or on another endpoint,
 * is a 400 `idempotency_error`. Keys are forgotten after 24 hours on the sandbox clock. */
import type { Clock } from './clock';
import { idempotencyMismatch, invalidRequest } from './errors';

export interface SavedAnswer {
  status: number;
  body: string;
  requestId: string;
}

interface Entry extends SavedAnswer {
  request: string;
  savedAtMs: number;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const MAX_KEY_LENGTH = 255;

export class IdempotencyKeys {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock) {}

  /** The saved answer for a retry, undefined for a new key; throws on a reused key. */
  lookup(key: string, request: string): SavedAnswer | undefined {
    if (key.length > MAX_KEY_LENGTH) throw invalidRequest(`Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters long.`, 'Idempotency-Key');
    this.sweep();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.request !== request) throw idempotencyMismatch(key);
    return entry;
  }

  save(key: string, request: string, answer: SavedAnswer): void {
    this.entries.set(key, { ...answer, request, savedAtMs: this.clock.nowMs() });
  }

  private sweep(): void {
    const oldest = this.clock.nowMs() - TTL_MS;
    for (const [key, entry] of this.entries) if (entry.savedAtMs <= oldest) this.entries.delete(key);
  }
}
