/** A Stripe-compatible, stateful sandbox processor over HTTPS, for development and tests only: the
 * service reaches it through the official `stripe` SDK exactly as it reaches Stripe. Never loaded
 * in production code paths. */
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import Stripe from 'stripe';
import type { ControlEnv } from './controls';
import { Clock } from './clock';
import type { Context } from './context';
import { Faults } from './faults';
import { expireDueSessions } from './flows/expire';
import { IdempotencyKeys } from './idempotency';
import { loadSecrets } from './secrets';
import { createServer } from './server';
import { Store } from './store';
import { ensureTls } from './tls';
import { type DeliveryRecord, WebhookDelivery } from './webhooks/delivery';

export interface SandboxOptions {
  dataDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  webhookUrl?: string;
  secretKey?: string;
  webhookSecret?: string;
  /** How often open sessions are checked against `expires_at` (default 1000 ms). */
  sweepIntervalMs?: number;
  /** When a hosted-page "pay by bank later" payment settles by itself (default 10000 ms; 0: never). */
  asyncSettleMs?: number;
  /** Delays before each webhook retry (default 1 s, 5 s, 30 s, 2 min, 10 min: six attempts in all). */
  webhookRetryDelaysMs?: number[];
  /** How long an endpoint may take to answer before the attempt counts as failed (default 10 s). */
  webhookTimeoutMs?: number;
  onDelivery?: (record: DeliveryRecord) => void;
}

export interface Sandbox {
  url: string;
  host: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  caPath: string;
  caPem: string;
  setWebhookUrl(url: string | undefined): void;
  close(): Promise<void>;
}

export type { DeliveryRecord } from './webhooks/delivery';

const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: https.Server, port: number, host: string): Promise<number> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const dataDir = resolve(opts.dataDir);
  const host = opts.host ?? '127.0.0.1';
  const tls = ensureTls(dataDir);
  const secrets = loadSecrets(dataDir, { secretKey: opts.secretKey, webhookSecret: opts.webhookSecret });
  const webhooks = new WebhookDelivery({
    secret: secrets.webhookSecret,
    retryDelaysMs: opts.webhookRetryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS,
    timeoutMs: opts.webhookTimeoutMs ?? 10_000,
    onDelivery: opts.onDelivery,
  });
  webhooks.url = opts.webhookUrl;
  const clock = new Clock();
  const ctx: Context = { store: new Store(), clock, webhooks, baseUrl: '', apiVersion: Stripe.API_VERSION, asyncSettleMs: opts.asyncSettleMs ?? 10_000, timers: new Set() };
  const setWebhookUrl = (url: string | undefined) => {
    webhooks.url = url;
  };
  const env: ControlEnv = { ctx, faults: new Faults(), keys: new IdempotencyKeys(clock), secretKey: secrets.secretKey, setWebhookUrl };
  const server = createServer(env, tls);
  const port = await listen(server, opts.port ?? 0, host);
  const url = `https://${urlHost(host)}:${port}`;
  ctx.baseUrl = url;
  const sweep = setInterval(() => expireDueSessions(ctx), opts.sweepIntervalMs ?? 1_000);
  sweep.unref();
  const close = async () => {
    clearInterval(sweep);
    for (const timer of ctx.timers) clearTimeout(timer);
    webhooks.close();
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeAllConnections();
    });
  };
  return { url, host, port, secretKey: secrets.secretKey, webhookSecret: secrets.webhookSecret, caPath: tls.caPath, caPem: tls.caPem, setWebhookUrl, close };
}

/** Options for `new Stripe(sb.secretKey, ...)` that reach the sandbox over verified TLS: its CA is
 * trusted by this client's own agent only, never by a process-wide switch. */
export function stripeClientOptions(sb: Pick<Sandbox, 'host' | 'port' | 'caPem'>): Stripe.StripeConfig {
  return {
    host: urlHost(sb.host).replace(/^\[|\]$/g, ''),
    port: sb.port,
    protocol: 'https',
    httpAgent: new https.Agent({ ca: sb.caPem, keepAlive: true }),
  };
}
