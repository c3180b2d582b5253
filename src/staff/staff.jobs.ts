import type { AppContext } from '../context';
import { createMailer, SEND_EMAIL_JOB, sendQueuedEmail } from '../notifications';
import { REFERRAL_JOB, sendReferral } from '../partners';
import { paymentInstructions } from '../payments';
import { outboundPolicy } from '../shared/http/outbound-address';
import type { JobWorker } from '../shared/jobs';
import { expireOverdueOfflineOrders } from './offline-expiry';

const MINUTE_MS = 60_000;

/** The background side of pay-via-sales: notification emails, partner referrals, and the sweep
 * that expires unpaid offline orders. */
export function registerSalesJobs(worker: JobWorker, ctx: AppContext): void {
  const { config } = ctx;
  const mailer = createMailer({ smtpUrl: config.mail.smtpUrl, from: config.mail.from, dataDir: config.dataDir });
  const emailDeps = {
    db: ctx.db,
    mailer,
    salesEmail: config.mail.salesEmail,
    instructionsFor: (reference: string) => paymentInstructions(config.orders.offlineInstructions, reference),
  };
  worker.register(SEND_EMAIL_JOB, (payload: { emailId: number }) => sendQueuedEmail(emailDeps, payload.emailId));
  const outbound = outboundPolicy({ publicOnly: config.env === 'production', resolve: ctx.resolveHost });
  const referralDeps = { db: ctx.db, keys: ctx.keys, logger: ctx.logger, issuer: config.http.publicBaseUrl, outbound };
  worker.register(REFERRAL_JOB, (payload: { contactRequestId: string }, job) => sendReferral(referralDeps, payload.contactRequestId, job));
  worker.every('expire-offline-orders', MINUTE_MS, async () => {
    await expireOverdueOfflineOrders(ctx.db);
  });
}
