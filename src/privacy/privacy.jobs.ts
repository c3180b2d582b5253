import type { JobWorker } from '../jobs';
import { PRODUCT_ALERT_JOB, sendProductAlert, type AlertSendDeps, type ProductAlert } from './alerts';
import { sweepRetention, type RetentionRules } from './erasure.service';

const RETENTION_EVERY_MS = 6 * 3_600_000;

export function registerPrivacyJobs(worker: JobWorker, deps: AlertSendDeps & { retention: RetentionRules }): void {
  worker.register(PRODUCT_ALERT_JOB, async (payload: { alert: ProductAlert; consentId: number }) => {
    await sendProductAlert(deps, payload);
  });
  worker.every('privacy-retention', RETENTION_EVERY_MS, async () => {
    await sweepRetention(deps.db, deps.keys, deps.retention);
  });
}
