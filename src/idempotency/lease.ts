import { keyExists, renewLease } from './idempotency.repository';
import type { Db } from '../database';

/** How long a running request owns its key without renewing it: after a crash (kill -9, a lost
 * instance) a retry takes the key over within this time. */
export const LEASE_MS = 10_000;
/** Renewed well before it runs out, so a slow tick or query does not let a live request's lease lapse. */
const RENEW_EVERY_MS = 3_000;

/**
 * Keeps a running request's lease on its key alive until `stop()`. The renewal names the lease it
 * extends by the end it last set, so it never extends a lease that another request took over. A
 * renewal that finds nothing to extend stops the keeper once the key is visibly someone else's
 * (done, freed, taken over), or once a whole lease has passed without the claim becoming visible:
 * a claim made inside a transaction is invisible until it commits, and gone if it rolled back.
 */
export class LeaseKeeper {
  private readonly timer: NodeJS.Timeout;
  private readonly since = Date.now();
  private renewing = false;

  constructor(
    private readonly db: Db,
    private readonly scope: string,
    private readonly key: Buffer,
    private heldUntil: Date,
  ) {
    this.timer = setInterval(() => void this.renew(), RENEW_EVERY_MS);
    // A lease never keeps the process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      const renewed = await renewLease(this.db, this.scope, this.key, this.heldUntil, LEASE_MS);
      if (renewed) this.heldUntil = renewed;
      else if (Date.now() - this.since > LEASE_MS || (await keyExists(this.db, this.scope, this.key))) this.stop();
    } catch {
      // The database is unreachable: the next tick tries again, and if none gets through, the lease
      // lapses and a retry may take the key over, which is what a lost request should allow.
    } finally {
      this.renewing = false;
    }
  }
}
