import { fulfilmentDeps, paymentMethods } from './app';
import type { AppContext } from './context';
import { purgeKeysOlderThan, IDEMPOTENCY_RETENTION_HOURS } from './idempotency';
import { JobWorker } from './jobs';
import { purgeExpiredRateLimits } from './rate-limits';
import { registerCardJobs } from './payments/card';
import { paymentInstructions } from './payments';
import { createMailer, registerNotificationJobs } from './notifications';
import { registerPartnerJobs } from './partners';
import { outboundPolicy } from './shared/http/outbound-address';
import { signOrderToken } from './shared/keys';
import { registerPrivacyJobs } from './privacy';
import { registerRefundJobs } from './refunds';
import { deliveryEmailRenderers, productsBySku, registerFulfilmentJobs } from './fulfilment';
import { registerSalesDeskJobs } from './sales-desk';
import { registerMerchantWebhookJobs } from './merchant-webhooks';
import { documentAttachments } from './invoicing';

const HOUR_MS = 3_600_000;

/** The composition root for background work: each capability registers its job kinds and sweeps,
 * given only what it uses. One mailer for the process: every job that sends mail shares it. */
export function createWorker(ctx: AppContext): JobWorker {
  const worker = new JobWorker(ctx.db, ctx.logger);
  worker.every('purge-idempotency-keys', HOUR_MS, async () => {
    await purgeKeysOlderThan(ctx.db, IDEMPOTENCY_RETENTION_HOURS);
  });
  worker.every('purge-rate-limits', HOUR_MS, () => purgeExpiredRateLimits(ctx.db));
  registerCardJobs(worker, { db: ctx.db, stripe: ctx.stripe, logger: ctx.logger, reconcileAfterSeconds: ctx.config.orders.cardReconcileAfterSeconds });
  const { mail, dataDir, http, retention, orders } = ctx.config;
  const mailer = createMailer({ smtpUrl: mail.smtpUrl, from: mail.from, dataDir });
  const instructionsFor = (reference: string) => paymentInstructions(orders.offlineInstructions, reference);
  const orderPageUrl = async (orderId: string) => `${http.publicBaseUrl}/orders/${orderId}?token=${encodeURIComponent(await signOrderToken(ctx.keys, orderId))}`;
  const fulfilment = fulfilmentDeps(ctx);
  const delivery = deliveryEmailRenderers({ ...fulfilment, products: (skus) => productsBySku(ctx.db, skus) });
  // The shopper's documents ride on the emails that announce them (see invoicing's documentAttachments).
  const attachmentsFor = documentAttachments({ db: ctx.db, seller: ctx.config.seller, instructionsFor });
  registerNotificationJobs(worker, { db: ctx.db, mailer, salesEmail: mail.salesEmail, instructionsFor, orderPageUrl, delivery, attachmentsFor });
  registerFulfilmentJobs(worker, fulfilment);
  const outbound = outboundPolicy({ publicOnly: ctx.config.env === 'production', resolve: ctx.resolveHost });
  registerPartnerJobs(worker, { db: ctx.db, keys: ctx.keys, logger: ctx.logger, issuer: http.publicBaseUrl, outbound });
  registerMerchantWebhookJobs(worker, { db: ctx.db, logger: ctx.logger, outbound });
  registerPrivacyJobs(worker, { db: ctx.db, keys: ctx.keys, mailer, publicBaseUrl: http.publicBaseUrl, retention });
  registerSalesDeskJobs(worker, { db: ctx.db });
  registerRefundJobs(worker, { db: ctx.db, methods: paymentMethods(ctx), logger: ctx.logger });
  return worker;
}
