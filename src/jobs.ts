import type { AppContext } from './context';
import { purgeKeysOlderThan, IDEMPOTENCY_RETENTION_HOURS } from './shared/idempotency';
import { JobWorker } from './shared/jobs';
import { purgeExpiredRateLimits } from './shared/http/rate-limit-store';
import { registerSalesJobs } from './staff';
import { registerCardJobs } from './payments/card';
import { createMailer } from './notifications';
import { registerPrivacyJobs } from './privacy';
import { registerFinanceJobs } from './finance';

const HOUR_MS = 3_600_000;

/** The composition root for background work: each capability registers its job kinds and sweeps. */
export function createWorker(ctx: AppContext): JobWorker {
  const worker = new JobWorker(ctx.db, ctx.logger);
  worker.every('purge-idempotency-keys', HOUR_MS, async () => {
    await purgeKeysOlderThan(ctx.db, IDEMPOTENCY_RETENTION_HOURS);
  });
  worker.every('purge-rate-limits', HOUR_MS, () => purgeExpiredRateLimits(ctx.db));
  registerCardJobs(worker, { db: ctx.db, stripe: ctx.stripe, logger: ctx.logger, reconcileAfterSeconds: ctx.config.orders.cardReconcileAfterSeconds });
  const { mail, dataDir, http, retention } = ctx.config;
  const mailer = createMailer({ smtpUrl: mail.smtpUrl, from: mail.from, dataDir });
  registerPrivacyJobs(worker, { db: ctx.db, keys: ctx.keys, mailer, publicBaseUrl: http.publicBaseUrl, retention });
  registerSalesJobs(worker, ctx);
  registerFinanceJobs(worker, ctx);
  return worker;
}
