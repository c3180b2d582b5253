import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { openStaffVerifier } from '../../src/staff-auth';
import type { AppContext } from '../../src/context';
import { createWorker } from '../../src/worker';
import { loadConfig } from '../../src/shared/config';
import type { JobWorker } from '../../src/jobs';
import { loadKeyRing } from '../../src/shared/keys';
import { createLogger } from '../../src/shared/logger';
import { maskLogLine } from '../../src/card-data';
import { createStripeClient } from '../../src/payments';
import type { HostResolver } from '../../src/shared/http/outbound-address';
import { startSandbox, type Sandbox } from '../../sandbox';
import { controls, type SandboxControls } from '../../sandbox/client';
import { anotherPool, freshDatabase, type DatabaseOptions, type TestDatabase } from './database';

export interface TestApp {
  app: Express;
  ctx: AppContext;
  /** Where the app listens (the sandbox delivers webhooks here). */
  baseUrl: string;
  sandbox: Sandbox;
  /** The sandbox's controls: pay a session, inject faults, hold or release deliveries. */
  processor: SandboxControls;
  worker: JobWorker;
  database: TestDatabase;
  dataDir: string;
  /** Every log line the app wrote, as written (after masking). */
  logs(): string;
  close(): Promise<void>;
}

/** Shared across the files of one jest worker: the sandbox's CA is made once per directory. */
const SANDBOX_DIR = path.join(tmpdir(), `handoff-test-sandbox-${process.env.JEST_WORKER_ID ?? '0'}`);

export interface TestAppOptions extends DatabaseOptions {
  /** Run as another instance on this app's database (its own pool), instead of on a fresh one. */
  sharing?: TestApp;
  /** Listen on this loopback port (from `freePort()`) rather than any: for a PUBLIC_BASE_URL that
   * is the app's real address, which a browser following an identity provider's redirect needs. */
  port?: number;
}

/** The real app on a fresh database, with the sandbox processor over HTTPS and a listening
 * server for its webhooks. Jobs do not run by themselves: tests call `worker.runOnce()`. */
export async function startTestApp(env: Record<string, string> = {}, opts: TestAppOptions & { resolveHost?: HostResolver } = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-test-'));
  // Rate limits are generous here so that tests placing many orders are not throttled; the limits
  // themselves are tested with low values passed in `env`.
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    JOBS_ENABLED: 'false',
    PUBLIC_BASE_URL: 'http://127.0.0.1:3000',
    RATE_LIMIT_ORDERS_PER_MINUTE: '100000',
    RATE_LIMIT_FAILED_SIGNINS_PER_15_MIN: '100000',
    ...env,
  });
  const { limits, limitsAtStartup, acquireTimeoutMs } = config.db;
  const { sharing, resolveHost, port = 0, ...dbOpts } = opts;
  const database = sharing ? anotherPool(sharing.database, { limits, acquireTimeoutMs, ...dbOpts }) : await freshDatabase({ limits, limitsAtStartup, acquireTimeoutMs, ...dbOpts });
  const sandbox = await startSandbox({ dataDir: SANDBOX_DIR, port: 0 });
  let logText = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logText += chunk.toString();
      cb();
    },
  });
  const ctx: AppContext = {
    config,
    db: database.db,
    pool: database.pool,
    logger: createLogger({ level: config.logLevel, destination: sink, maskLine: maskLogLine }),
    keys: await loadKeyRing({ dataDir }),
    stripe: createStripeClient({ secretKey: sandbox.secretKey, apiUrl: new URL(sandbox.url), timeoutMs: 5000, caPem: sandbox.caPem }),
    webhookSecret: sandbox.webhookSecret,
    staff: await openStaffVerifier(config),
    ...(resolveHost ? { resolveHost } : {}),
  };
  const app = createApp(ctx);
  const server: Server = app.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sandbox.setWebhookUrl(`${baseUrl}/api/webhooks/stripe`);
  return {
    app,
    ctx,
    baseUrl,
    sandbox,
    processor: controls(sandbox),
    worker: createWorker(ctx),
    database,
    dataDir,
    logs: () => logText,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await sandbox.close();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One app for the test file, its hooks registered here: started before the first test, closed
 * after the last; after each test deliveries flow again and no injected fault is left pending. */
export function useTestApp(set: (t: TestApp) => void, env: Record<string, string> = {}, opts: TestAppOptions = {}): void {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp(env, opts);
    set(app);
  });
  afterEach(async () => {
    await app?.processor.resumeDeliveries();
    await app?.processor.clearFaults();
  });
  afterAll(async () => {
    await app?.close();
  });
}

/** The names the card tests knew the fixture by (every test app has the processor's controls now). */
export type CardTestApp = TestApp;
export const startCardTestApp = startTestApp;
export const useCardTestApp = useTestApp;
