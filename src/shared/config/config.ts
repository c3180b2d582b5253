import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { classifyAddress } from '../net/ip-ranges';

/** Settings are read from the environment once, validated, grouped by concern and frozen.
 * Nothing else in the service reads `process.env`. */
const boolish = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const positiveInt = z.coerce.number().int().positive();
/** A PostgreSQL timeout in milliseconds; 0 switches it off, as in PostgreSQL. */
const millis = z.coerce.number().int().min(0).max(2_147_483_647);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_MAX: positiveInt.default(10),
  DATABASE_STATEMENT_TIMEOUT_MS: millis.default(10_000),
  DATABASE_LOCK_TIMEOUT_MS: millis.default(5_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: millis.default(10_000),
  DATABASE_ACQUIRE_TIMEOUT_MS: positiveInt.default(10_000),
  DATABASE_STARTUP_TIMEOUTS: boolish.default(true),
  DATA_DIR: z.string().min(1).default('.data'),
  PUBLIC_BASE_URL: z.string().url().optional(),
  STRIPE_SECRET_KEY: z.string().min(1).optional(),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).optional(),
  STRIPE_API_URL: z.string().url().default('https://api.stripe.com'),
  STRIPE_TIMEOUT_MS: positiveInt.default(10_000),
  STAFF_JWKS_URL: z.string().url().optional(),
  STAFF_JWT_ISSUER: z.string().min(1).optional(),
  STAFF_JWT_AUDIENCE: z.string().min(1).optional(),
  STAFF_JWT_MAX_LIFETIME_SECONDS: positiveInt.default(12 * 3600),
  COOKIE_KEY: z.string().min(1).optional(),
  SIGNING_KEY_JWK: z.string().min(1).optional(),
  ORDER_TOKEN_SECRET: z.string().min(1).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().default('loopback'),
  CARD_HOLD_MINUTES: z.coerce
    .number()
    .int()
    .min(30)
    .max(24 * 60)
    .default(30),
  CARD_RECONCILE_AFTER_SECONDS: z.coerce.number().int().min(0).default(300),
  OFFLINE_HOLD_DAYS: positiveInt.default(14),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().min(3).default('handoff store <shop@handoff.example>'),
  SALES_EMAIL: z.string().email().default('sales@handoff.example'),
  OFFLINE_INSTRUCTIONS: z
    .string()
    .min(1)
    .default(
      'Please pay by bank transfer to Handoff Demo Ltd, IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX, ' +
        'quoting reference {reference}. Cheques and purchase orders: our sales team will contact you.',
    ),
  DOWNLOADS_DIR: z.string().min(1).optional(),
  DOWNLOAD_LINK_TTL_HOURS: positiveInt.max(24 * 90).default(72),
  DOWNLOAD_LINK_MAX_USES: positiveInt.max(1000).default(5),
  JOBS_ENABLED: boolish.default(true),
  JOBS_POLL_MS: positiveInt.default(1000),
  RATE_LIMIT_ORDERS_PER_MINUTE: positiveInt.default(30),
  RATE_LIMIT_FAILED_SIGNINS_PER_15_MIN: positiveInt.default(20),
  RETENTION_DAYS: positiveInt.default(7 * 365),
  ABANDONED_RETENTION_DAYS: positiveInt.default(30),
  FINANCE_EXPORT_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).default(5000),
  FINANCE_EXPORT_STATEMENT_TIMEOUT_MS: millis.default(60_000),
  METRICS_TOKEN: z.string().min(16).optional(),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  TAX_UNCONFIGURED_COUNTRY: z.enum(['zero', 'refuse']).default('zero'),
  TAX_PRICES_INCLUDE_TAX: boolish.default(false),
  TAX_ROUNDING: z.enum(['line', 'order']).default('line'),
  SELLER_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('DE'),
  SELLER_VAT_ID: z.string().min(4).optional(),
  SELLER_NAME: z.string().min(1).default('Handoff Demo Ltd'),
  SELLER_ADDRESS: z.string().min(1).default('Friedrichstrasse 1, 10117 Berlin'),
  SELLER_BANK: z.string().min(1).default('IBAN DE89 3704 0044 0532 0130 00, BIC COBADEFFXXX'),
  SHOP_ENABLED: boolish.default(true),
  STORE_NAME: z.string().min(1).max(100).default('Handoff store'),
  STORE_CONTACT_EMAIL: z.string().email().optional(),
  SHUTDOWN_DRAIN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(5_000),
  CONSOLE_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  CONSOLE_SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(12),
  CONSOLE_OIDC_ISSUER: z.string().url().optional(),
  CONSOLE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  CONSOLE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  CONSOLE_OIDC_ROLES_CLAIM: z.string().min(1).default('roles'),
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'test' | 'production';
  http: { host: string; port: number; publicBaseUrl: string; trustProxy: string };
  db: {
    url: string | undefined;
    poolMax: number;
    /** Set on every transaction (SET LOCAL); with `limitsAtStartup`, on every connection too. */
    limits: { statementMs: number; lockMs: number; idleInTransactionMs: number };
    limitsAtStartup: boolean;
    acquireTimeoutMs: number;
  };
  dataDir: string;
  stripe: {
    secretKey: string | undefined;
    webhookSecret: string | undefined;
    apiUrl: URL;
    timeoutMs: number;
  };
  staffAuth: {
    jwksUrl: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    /** The longest `exp - iat` a staff token may have. */
    maxTokenLifetimeSeconds: number;
    failedSignInsPer15Min: number;
  };
  cookieKey: string | undefined;
  /** Shared by every instance behind one URL; else generated once into `dataDir`. */
  keys: { signingKeyJwk: string | undefined; orderTokenSecret: string | undefined };
  logLevel: string;
  orders: { cardHoldMinutes: number; cardReconcileAfterSeconds: number; offlineHoldDays: number; offlineInstructions: string; ratePerMinute: number };
  mail: { smtpUrl: string | undefined; from: string; salesEmail: string };
  /** Software downloads: files served from `dir` by signed links that expire and run out of uses. */
  downloads: { dir: string; linkTtlHours: number; linkMaxUses: number };
  jobs: { enabled: boolean; pollMs: number };
  retention: { days: number; abandonedDays: number };
  /** Rows per page of a CSV export read in pages (embedded; a server streams one COPY). The
   * export's own limit replaces the request-sized one on its connection. */
  finance: { exportBatchRows: number; exportStatementTimeoutMs: number };
  /** After SIGTERM, how long /readyz answers 503 while requests are still served. */
  shutdown: { drainDelayMs: number };
  /** `/metrics` behind a bearer token, and/or on a listener of its own (then not on the app's port). */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  /** Where and how orders are taxed (README "Tax"). */
  /** Printed on invoices and pro-formas. */
  seller: { name: string; address: string; country: string; vatId: string | undefined; bank: string };
  tax: { unconfiguredCountry: 'zero' | 'refuse'; pricesIncludeTax: boolean; rounding: 'line' | 'order'; sellerCountry: string; sellerVatId: string | undefined };
  /** The storefront at /shop (off for stores with their own) and the store's name and contact,
   * shown on the shop and the order page; the contact defaults to SALES_EMAIL. */
  shop: { enabled: boolean; storeName: string; contactEmail: string };
  /** The staff console's sign-in: sessions end after `idleMinutes` unused or `maxHours` after
   * sign-in, whichever comes first. `oidc` is set when an identity provider client is configured. */
  console: {
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    oidc: { issuer: string; clientId: string; clientSecret: string; rolesClaim: string } | undefined;
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Production refuses to start on development defaults: one line per missing setting. The keys are
 * required rather than generated into DATA_DIR: instances behind one URL must share them, or an order
 * token from one is refused by the next and each publishes a different JWKS. */
function productionProblems(e: z.output<typeof envSchema>): string[] {
  const missing: Array<[boolean, string]> = [
    [!e.DATABASE_URL, 'DATABASE_URL is required in production (a PostgreSQL server URL).'],
    [!e.STRIPE_SECRET_KEY, 'STRIPE_SECRET_KEY is required in production (the processor secret key).'],
    [!e.STRIPE_WEBHOOK_SECRET, 'STRIPE_WEBHOOK_SECRET is required in production (the whsec_ signing secret).'],
    [!e.STAFF_JWKS_URL, 'STAFF_JWKS_URL is required in production (the identity provider JWKS).'],
    [!e.COOKIE_KEY, 'COOKIE_KEY is required in production (32 random bytes, base64url, the same on every instance).'],
    [!e.ORDER_TOKEN_SECRET, 'ORDER_TOKEN_SECRET is required in production (32+ random bytes, base64url, the same on every instance).'],
    [!e.SIGNING_KEY_JWK, 'SIGNING_KEY_JWK is required in production (the private ES256 JWK every instance signs referrals with).'],
    [!e.PUBLIC_BASE_URL, 'PUBLIC_BASE_URL is required in production (where shoppers return after paying).'],
  ];
  return [...missing.filter(([isMissing]) => isMissing).map(([, line]) => line), ...cleartextProblems(e)];
}

/** Where a person's data travels in production it travels over TLS: return URLs and email links
 * carry order tokens, and emails carry names, addresses and payment instructions. A mail relay on
 * this machine (loopback) is the one exception: nothing crosses a network to reach it. */
function cleartextProblems(e: z.output<typeof envSchema>): string[] {
  const problems: string[] = [];
  if (e.PUBLIC_BASE_URL && new URL(e.PUBLIC_BASE_URL).protocol !== 'https:') {
    problems.push('PUBLIC_BASE_URL must be https:// in production: return URLs and email links carry order tokens.');
  }
  const smtp = e.SMTP_URL ? new URL(e.SMTP_URL) : undefined;
  if (smtp && !isLoopbackHost(smtp.hostname)) {
    const tls = smtp.protocol === 'smtps:' || (smtp.protocol === 'smtp:' && smtp.searchParams.get('requireTLS') === 'true');
    if (!tls) problems.push('SMTP_URL must use TLS in production: smtps://, or smtp:// with ?requireTLS=true (STARTTLS required).');
    if (smtp.searchParams.get('tls.rejectUnauthorized') === 'false')
      problems.push("SMTP_URL must not switch off the server's certificate check (tls.rejectUnauthorized=false) in production.");
  }
  return problems;
}

const isLoopbackHost = (hostname: string) => hostname === 'localhost' || classifyAddress(hostname) === 'loopback';

/** The process environment over a `.env` file in the working directory, when there is one: what
 * the real environment sets always wins (a deployment's variables are never overridden by a file
 * left lying around). Node's own parser (the one `node --env-file` uses); nothing is written to
 * `process.env`. Read here only, as part of reading the configuration. */
export function readEnvironment(cwd = process.cwd(), env: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(path.join(cwd, '.env'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return env;
    throw err;
  }
  return { ...parseEnv(text), ...env };
}

export function loadConfig(source: Record<string, string | undefined> = readEnvironment()): Config {
  const parsed = envSchema.safeParse(stripEmpty(source));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems = e.NODE_ENV === 'production' ? productionProblems(e) : [];
  const apiUrl = new URL(e.STRIPE_API_URL);
  if (apiUrl.protocol !== 'https:') {
    problems.push('STRIPE_API_URL must be https://: card entry is handed to the processor over TLS only.');
  }
  if ((e.CONSOLE_OIDC_CLIENT_ID === undefined) !== (e.CONSOLE_OIDC_CLIENT_SECRET === undefined)) {
    problems.push('CONSOLE_OIDC_CLIENT_ID and CONSOLE_OIDC_CLIENT_SECRET go together: set both, or neither.');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return deepFreeze(toConfig(e, apiUrl));
}

function toConfig(e: z.output<typeof envSchema>, apiUrl: URL): Config {
  return {
    env: e.NODE_ENV,
    http: {
      host: e.HOST,
      port: e.PORT,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ''),
      trustProxy: e.TRUST_PROXY,
    },
    db: {
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      limits: { statementMs: e.DATABASE_STATEMENT_TIMEOUT_MS, lockMs: e.DATABASE_LOCK_TIMEOUT_MS, idleInTransactionMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS },
      limitsAtStartup: e.DATABASE_STARTUP_TIMEOUTS,
      acquireTimeoutMs: e.DATABASE_ACQUIRE_TIMEOUT_MS,
    },
    dataDir: e.DATA_DIR,
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET,
      apiUrl,
      timeoutMs: e.STRIPE_TIMEOUT_MS,
    },
    staffAuth: {
      jwksUrl: e.STAFF_JWKS_URL,
      issuer: e.STAFF_JWT_ISSUER,
      audience: e.STAFF_JWT_AUDIENCE,
      maxTokenLifetimeSeconds: e.STAFF_JWT_MAX_LIFETIME_SECONDS,
      failedSignInsPer15Min: e.RATE_LIMIT_FAILED_SIGNINS_PER_15_MIN,
    },
    cookieKey: e.COOKIE_KEY,
    keys: { signingKeyJwk: e.SIGNING_KEY_JWK, orderTokenSecret: e.ORDER_TOKEN_SECRET },
    logLevel: e.LOG_LEVEL,
    orders: {
      cardHoldMinutes: e.CARD_HOLD_MINUTES,
      cardReconcileAfterSeconds: e.CARD_RECONCILE_AFTER_SECONDS,
      offlineHoldDays: e.OFFLINE_HOLD_DAYS,
      offlineInstructions: e.OFFLINE_INSTRUCTIONS,
      ratePerMinute: e.RATE_LIMIT_ORDERS_PER_MINUTE,
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM, salesEmail: e.SALES_EMAIL },
    downloads: { dir: e.DOWNLOADS_DIR ?? `${e.DATA_DIR}/downloads`, linkTtlHours: e.DOWNLOAD_LINK_TTL_HOURS, linkMaxUses: e.DOWNLOAD_LINK_MAX_USES },
    jobs: { enabled: e.JOBS_ENABLED, pollMs: e.JOBS_POLL_MS },
    retention: { days: e.RETENTION_DAYS, abandonedDays: e.ABANDONED_RETENTION_DAYS },
    finance: { exportBatchRows: e.FINANCE_EXPORT_BATCH_ROWS, exportStatementTimeoutMs: e.FINANCE_EXPORT_STATEMENT_TIMEOUT_MS },
    shutdown: { drainDelayMs: e.SHUTDOWN_DRAIN_DELAY_MS },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    seller: { name: e.SELLER_NAME, address: e.SELLER_ADDRESS, country: e.SELLER_COUNTRY, vatId: e.SELLER_VAT_ID, bank: e.SELLER_BANK },
    tax: {
      unconfiguredCountry: e.TAX_UNCONFIGURED_COUNTRY,
      pricesIncludeTax: e.TAX_PRICES_INCLUDE_TAX,
      rounding: e.TAX_ROUNDING,
      sellerCountry: e.SELLER_COUNTRY,
      sellerVatId: e.SELLER_VAT_ID,
    },
    shop: { enabled: e.SHOP_ENABLED, storeName: e.STORE_NAME, contactEmail: e.STORE_CONTACT_EMAIL ?? e.SALES_EMAIL },
    console: { sessionIdleMinutes: e.CONSOLE_SESSION_IDLE_MINUTES, sessionMaxHours: e.CONSOLE_SESSION_MAX_HOURS, oidc: oidcClient(e) },
  };
}

/** The console's identity provider client: the issuer defaults to STAFF_JWT_ISSUER, the provider
 * whose keys already verify staff tokens. Half a configuration is refused at start (see below). */
function oidcClient(e: z.output<typeof envSchema>): Config['console']['oidc'] {
  const issuer = e.CONSOLE_OIDC_ISSUER ?? e.STAFF_JWT_ISSUER;
  if (!issuer || !e.CONSOLE_OIDC_CLIENT_ID || !e.CONSOLE_OIDC_CLIENT_SECRET) return undefined;
  return { issuer, clientId: e.CONSOLE_OIDC_CLIENT_ID, clientSecret: e.CONSOLE_OIDC_CLIENT_SECRET, rolesClaim: e.CONSOLE_OIDC_ROLES_CLAIM };
}

/** An empty variable (`FOO=`) means "not set", as most deployment tools write it. */
function stripEmpty(source: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((kv): kv is [string, string] => !!kv[1]));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
