import express, { type Express } from 'express';
import helmet from 'helmet';
import { cardGuard, containsCardNumber, scrubParserErrors } from './card-data';
import { catalogAdminRoutes, catalogRoutes } from './catalog';
import { checkoutRoutes } from './checkout';
import { consoleRoutes, cookiePolicy, oidcSignIn, type ConsoleDeps } from './console';
import type { AppContext } from './context';
import { financeRoutes } from './finance';
import { doorRoutes, fulfilmentRoutes, productsBySku, renderDeliverySection, type DownloadDeps } from './fulfilment';
import { failedJobsRoutes, keepMetricsApp, metricsApp, opsRoutes } from './ops';
import { ordersRoutes, type OrderCreatedHook, type OrdersRouteDeps } from './orders';
import { partnersRoutes, recordContactRequest } from './partners';
import { cardProvider, offlineProvider, paymentInstructions, type PaymentMethods } from './payments';
import { carriesPrefillCookie, cookieKeySource, prefillRoutes, privacyRoutes, recordConsentOnOrder, rememberMe, unsubscribeRoutes, type PrefillDeps } from './privacy';
import { refundRoutes } from './refunds';
import { merchantWebhookRoutes } from './merchant-webhooks';
import { notifyOfflineOrderCreated, salesDeskRoutes } from './sales-desk';
import { publicJwks } from './shared/keys';
import { jsonBody, requireJson } from './shared/http/body';
import { createMetrics } from './shared/http/metrics';
import { ApiDocs } from './shared/http/openapi';
import { errorHandler, methodNotAllowed, notFoundHandler } from './shared/http/problem';
import { outboundPolicy } from './shared/http/outbound-address';
import { failedSignInLimit, orderRateLimit } from './rate-limits';
import { requestIds } from './shared/http/request-id';
import { requestLogging } from './shared/http/request-log';
import { sameSiteGuard } from './shared/http/same-site';
import { carriesValidStaffToken } from './staff-auth';
import { shopRoutes } from './shop';
import { taxAdminRoutes } from './tax';
import { invoicingRoutes, issueProforma, type DocumentsDeps } from './invoicing';
import { webhookRoutes } from './webhooks';

/** Builds the Express app from its dependencies; it never listens (see main.ts). The routes
 * describe themselves into `docs` (a script passes its own to read the API document offline). */
export function createApp(ctx: AppContext, docs = new ApiDocs({ serverUrl: ctx.config.http.publicBaseUrl })): Express {
  const app = express();
  const metrics = createMetrics(ctx.pool);
  const prefill = prefillDeps(ctx);
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy(ctx.config.http.trustProxy));
  app.set('etag', false);
  app.use(requestLogging(ctx.logger, requestIds(containsCardNumber)));
  app.use(helmet({ contentSecurityPolicy: { useDefaults: false, directives: CSP }, strictTransportSecurity: { maxAge: 63072000, includeSubDomains: true } }));
  app.use(metrics.middleware);
  app.use(sameSiteGuard({ publicBaseUrl: ctx.config.http.publicBaseUrl, carriesCookie: carriesPrefillCookie }));
  const limits = { pool: ctx.pool, logger: ctx.logger };
  app.use(
    orderRateLimit(ctx.config.orders.ratePerMinute, limits),
    failedSignInLimit(ctx.config.staffAuth.failedSignInsPer15Min, limits, (req) => carriesValidStaffToken(ctx.staff, req)),
  );

  // Routes that read their own raw body (signed webhooks) are mounted before the JSON parser.
  app.use(webhookRoutes({ db: ctx.db, stripe: ctx.stripe, webhookSecret: ctx.webhookSecret, logger: ctx.logger }, docs));
  app.use(unsubscribeRoutes({ db: ctx.db, keys: ctx.keys }, docs));
  // The console's forms are urlencoded: mounted before the API's JSON-only rule, with its own parser and card guard.
  app.use(consoleRoutes(consoleDeps(ctx)));
  const orders = ordersDeps(ctx, prefill);
  // The storefront, like the console, posts urlencoded forms; off (404) for stores with their own.
  if (ctx.config.shop.enabled) app.use(shopRoutes({ orders, store: storeOf(ctx), publicBaseUrl: ctx.config.http.publicBaseUrl }));
  app.use(requireJson, jsonBody, cardGuard());
  const metricsAccess = { token: ctx.config.metrics.token, separate: ctx.config.metrics.port !== undefined };
  if (metricsAccess.separate) keepMetricsApp(app, metricsApp(metrics, metricsAccess));
  app.use(opsRoutes({ db: ctx.db, docs, metrics, metricsAccess, jwks: () => publicJwks(ctx.keys) }), failedJobsRoutes({ db: ctx.db, staff: ctx.staff, metrics }, docs));
  app.use(catalogRoutes(ctx.db, docs));
  app.use(ordersRoutes(orders, docs));
  app.use(prefillRoutes(prefill, docs), privacyRoutes({ db: ctx.db, keys: ctx.keys, staff: ctx.staff }, docs));
  app.use(salesDeskRoutes({ db: ctx.db, staff: ctx.staff }, docs), catalogAdminRoutes({ db: ctx.db, staff: ctx.staff }, docs));
  const outbound = outboundOf(ctx);
  app.use(partnersRoutes({ db: ctx.db, staff: ctx.staff, outbound }, docs), merchantWebhookRoutes({ db: ctx.db, staff: ctx.staff, outbound }, docs));
  app.use(checkoutRoutes({ db: ctx.db, stripe: ctx.stripe, logger: ctx.logger, keys: ctx.keys }, docs));
  const { exportBatchRows: batchRows, exportStatementTimeoutMs } = ctx.config.finance;
  app.use(financeRoutes({ db: ctx.db, pool: ctx.pool, staff: ctx.staff, batchRows, exportStatementTimeoutMs, metrics }, docs));
  app.use(refundRoutes({ db: ctx.db, methods: paymentMethods(ctx), staff: ctx.staff }, docs));
  const fulfilment = fulfilmentDeps(ctx);
  app.use(fulfilmentRoutes(fulfilment, docs), doorRoutes({ ...fulfilment, staff: ctx.staff }, docs));
  app.use(taxAdminRoutes({ db: ctx.db, staff: ctx.staff, settings: ctx.config.tax }, docs));
  app.use(invoicingRoutes({ ...documentsDeps(ctx), keys: ctx.keys, staff: ctx.staff }, docs));

  app.use(methodNotAllowed((p) => docs.methodsFor(p)));
  app.use(notFoundHandler);
  app.use(scrubParserErrors, errorHandler);
  return app;
}

export function paymentMethods(ctx: AppContext): PaymentMethods {
  const { orders, http } = ctx.config;
  return {
    card: cardProvider({ stripe: ctx.stripe, publicBaseUrl: http.publicBaseUrl, holdMinutes: orders.cardHoldMinutes }),
    sales: offlineProvider({ holdDays: orders.offlineHoldDays, instructions: orders.offlineInstructions }),
  };
}

/** What delivery signs with and hands out; the worker's delivery jobs and emails use the same. */
export function fulfilmentDeps(ctx: AppContext): DownloadDeps {
  const signer = { keys: ctx.keys, issuer: ctx.config.http.publicBaseUrl };
  return { db: ctx.db, signer, downloads: ctx.config.downloads, fileOf: async (sku) => (await productsBySku(ctx.db, [sku])).get(sku)?.download_file ?? null };
}

function ordersDeps(ctx: AppContext, prefill: PrefillDeps): OrdersRouteDeps {
  const onCreated: OrderCreatedHook[] = [
    recordConsentOnOrder,
    notifyOfflineOrderCreated,
    recordContactRequest,
    (tx, order, _input, _meta, items) => issueProforma(tx, order, items),
  ];
  return {
    db: ctx.db,
    keys: ctx.keys,
    methods: paymentMethods(ctx),
    onCreated,
    tax: ctx.config.tax,
    instructionsFor: (reference) => paymentInstructions(ctx.config.orders.offlineInstructions, reference),
    afterPlaced: [rememberMe(prefill)],
    store: { name: ctx.config.shop.storeName, contact: ctx.config.shop.contactEmail },
    deliverySection: (orderId) => renderDeliverySection(fulfilmentDeps(ctx), orderId),
  };
}

/** Where the service may call out to: in production public addresses only. */
const outboundOf = (ctx: AppContext) => outboundPolicy({ publicOnly: ctx.config.env === 'production', resolve: ctx.resolveHost });

/** What an order's PDFs are rendered with: the seller, and the bank instructions of a pro-forma. */
function documentsDeps(ctx: AppContext): DocumentsDeps {
  return { db: ctx.db, seller: ctx.config.seller, instructionsFor: (reference) => paymentInstructions(ctx.config.orders.offlineInstructions, reference) };
}

const storeOf = (ctx: AppContext) => ({ name: ctx.config.shop.storeName, contactEmail: ctx.config.shop.contactEmail });

/** How staff sign in to the console: the identity provider when a client is configured; the
 * development "sign in as" page when there is no identity provider at all; otherwise not at all. */
function consoleDeps(ctx: AppContext): ConsoleDeps {
  const { console: settings, http, staffAuth, env } = ctx.config;
  const rules = { idleMinutes: settings.sessionIdleMinutes, maxHours: settings.sessionMaxHours };
  const cookies = cookiePolicy(http.publicBaseUrl);
  const redirectUri = `${http.publicBaseUrl}/console/auth/callback`;
  const mode: ConsoleDeps['mode'] = settings.oidc
    ? { kind: 'oidc', oidc: oidcSignIn({ ...settings.oidc, redirectUri, allowLoopbackHttp: env !== 'production' }), publicBaseUrl: http.publicBaseUrl }
    : staffAuth.jwksUrl === undefined
      ? { kind: 'dev' }
      : { kind: 'none' };
  const { exportBatchRows: batchRows, exportStatementTimeoutMs } = ctx.config.finance;
  return {
    db: ctx.db,
    keys: ctx.keys,
    rules,
    cookies,
    mode,
    exports: { db: ctx.db, pool: ctx.pool, batchRows, exportStatementTimeoutMs },
    checkin: fulfilmentDeps(ctx),
    refunds: { db: ctx.db, methods: paymentMethods(ctx) },
    tax: ctx.config.tax,
    outbound: outboundOf(ctx),
    documents: documentsDeps(ctx),
  };
}

/** The remember-me cookie: Secure whenever the public URL is https. Made once per app, so the
 * cookie route and the order route share one key loader. */
function prefillDeps(ctx: AppContext): PrefillDeps {
  const { cookieKey, dataDir, http } = ctx.config;
  return { keys: cookieKeySource(cookieKey, dataDir), secure: http.publicBaseUrl.startsWith('https:') };
}

/** API answers are JSON; the few pages (order page, /docs) load scripts and styles from us only. */
const CSP = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
};

function trustProxy(setting: string): boolean | number | string {
  if (setting === 'true' || setting === 'false') return setting === 'true';
  return /^\d+$/.test(setting) ? Number(setting) : setting;
}
