import type { Config } from './shared/config';
import type { Database } from './database';
import { connectConfiguredDatabase, migrateToLatest, type OpenedDatabase } from './shared/db';
import { seedCatalog } from './catalog';
import { createStripeClient } from './payments';
import type Stripe from 'stripe';

/** The configured database with migrations, tax rates and (outside production) the demo catalog applied. */
export async function openDatabase(config: Config): Promise<OpenedDatabase<Database>> {
  const database = await connectConfiguredDatabase<Database>(config);
  try {
    await database.unlimited(async (db) => {
      await migrateToLatest(db);
      await seedCatalog(db, { demoProducts: config.env !== 'production' });
    });
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports -- a lazy require keeps the sandbox out of production's module graph
  const { startSandbox } = require('../sandbox') as typeof import('../sandbox');
  const sandbox = await startSandbox({ dataDir: config.dataDir, port: 0, webhookUrl });
  return {
    stripe: createStripeClient({ secretKey: sandbox.secretKey, apiUrl: new URL(sandbox.url), timeoutMs: config.stripe.timeoutMs, caPem: sandbox.caPem }),
    webhookSecret: sandbox.webhookSecret,
    description: `the built-in Stripe sandbox at ${sandbox.url} (CA ${sandbox.caPath})`,
    close: () => sandbox.close(),
  };
}
