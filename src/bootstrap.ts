import type { Config } from './shared/config';
import { connectDb, describeDatabaseUrl, migrateToLatest, startEmbeddedPostgres, type DbHandle } from './shared/db';
import { seedDemoCatalog } from './catalog';
import { createStripeClient } from './payments/card/stripe-client';
import type Stripe from 'stripe';

export interface OpenedDatabase {
  handle: DbHandle;
  description: string;
  close(): Promise<void>;
}

/** A PostgreSQL server when DATABASE_URL is set, else embedded PGlite kept in DATA_DIR. Either way
 * migrations and the demo catalog are applied. */
export async function openDatabase(config: Config): Promise<OpenedDatabase> {
  const embedded = config.db.url ? undefined : await startEmbeddedPostgres(config.dataDir);
  const url = config.db.url ?? embedded!.url;
  const handle = connectDb(url, { poolMax: embedded ? 1 : config.db.poolMax });
  try {
    await migrateToLatest(handle.db);
    await seedDemoCatalog(handle.db);
  } catch (err) {
    await handle.destroy();
    await embedded?.close();
    throw err;
  }
  return {
    handle,
    description: embedded ? `embedded PostgreSQL (PGlite) in ${config.dataDir}` : describeDatabaseUrl(url),
    async close() {
      await handle.destroy();
      await embedded?.close();
    },
  };
}

export interface OpenedProcessor {
  stripe: Stripe;
  webhookSecret: string;
  description: string;
  close(): Promise<void>;
}

/** Stripe itself when STRIPE_SECRET_KEY is set; else the built-in sandbox over HTTPS. The sandbox
 * is development tooling: it is loaded only here, only outside production. */
export async function openProcessor(config: Config, webhookUrl: string): Promise<OpenedProcessor> {
  if (config.stripe.secretKey) {
    return {
      stripe: createStripeClient({ secretKey: config.stripe.secretKey, apiUrl: config.stripe.apiUrl, timeoutMs: config.stripe.timeoutMs }),
      webhookSecret: config.stripe.webhookSecret ?? '',
      description: `Stripe at ${config.stripe.apiUrl.origin}`,
      close: async () => undefined,
    };
  }
  if (config.env === 'production') throw new Error('STRIPE_SECRET_KEY is required in production.');
  // Loaded lazily so that production never even reads the sandbox's code.
  const { startSandbox } = require('../sandbox') as typeof import('../sandbox');
  const sandbox = await startSandbox({ dataDir: config.dataDir, port: 0, webhookUrl });
  return {
    stripe: createStripeClient({ secretKey: sandbox.secretKey, apiUrl: new URL(sandbox.url), timeoutMs: config.stripe.timeoutMs, caPem: sandbox.caPem }),
    webhookSecret: sandbox.webhookSecret,
    description: `the built-in Stripe sandbox at ${sandbox.url} (CA ${sandbox.caPath})`,
    close: () => sandbox.close(),
  };
}
