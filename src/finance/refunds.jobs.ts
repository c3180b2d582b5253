import type Stripe from 'stripe';
import type { Db } from '../shared/db';
import type { JobWorker } from '../shared/jobs';
import type { Logger } from '../shared/logger';
import { findAbandonedRefunds } from './refunds.repository';
import { completeRefund } from './refunds.service';

const EVERY_MS = 5 * 60_000;
/** Long past any request still trying (its Idempotency-Key lease is 10 s, renewed while it runs). */
const ABANDONED_AFTER_MS = 3 * 60_000;

/**
 * A card refund whose request got a 503 and was never retried would stay pending for ever (and keep
 * its amount from being refunded again); after the Idempotency-Key is purged a retry could not even
 * find it. This sweep completes such refunds exactly as the retry would: same refund, same
 * processor key, so a refund the processor did make is not made twice.
 */
export function registerFinanceJobs(worker: JobWorker, deps: { db: Db; stripe: Stripe; logger: Logger }): void {
  worker.every('finance-abandoned-refunds', EVERY_MS, async () => {
    for (const refund of await findAbandonedRefunds(deps.db, ABANDONED_AFTER_MS, 50)) {
      await completeRefund(deps, refund.requested_by, refund.id).catch((err: unknown) => {
        deps.logger.warn({ refund: refund.id, err: err instanceof Error ? err.message : String(err) }, 'abandoned refund not completed by the sweep');
      });
    }
  });
}
