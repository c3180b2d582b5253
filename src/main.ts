import { once } from 'node:events';
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createApp } from './app';
import { openDatabase, openProcessor } from './bootstrap';
import { maskLogLine } from './card-data';
import { openStaffVerifier } from './staff-auth';
import { createWorker } from './worker';
import { metricsListener, startDraining } from './ops';
import { ConfigError, loadConfig, type Config } from './shared/config';
import { loadKeyRing } from './shared/keys';
import { createLogger } from './shared/logger';

const DRAIN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  const config = readConfigOrExit();
  const logger = createLogger({ level: config.logLevel, maskLine: maskLogLine, pretty: process.stdout.isTTY && config.env !== 'production' });
  const webhookUrl = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}/api/webhooks/stripe`;
  // Independent steps, at once: the sandbox and the keys are read while the embedded database boots
  // (README, Benchmarks). A failure ends the process (below), as it did when they ran one by one.
  const [database, processor, keys, staff] = await Promise.all([
    openDatabase(config),
    openProcessor(config, webhookUrl),
    loadKeyRing({ dataDir: config.dataDir, ...optional(config) }),
    openStaffVerifier(config),
  ]);
  const ctx = { config, db: database.handle.db, pool: database.handle.pool, logger, keys, stripe: processor.stripe, webhookSecret: processor.webhookSecret, staff };
  const app = createApp(ctx);
  const worker = createWorker(ctx);

  const server = app.listen(config.http.port, config.http.host);
  await once(server, 'listening');
  logger.info(`handoff listening on http://${config.http.host}:${config.http.port}`);
  logger.info(`database: ${database.description}`);
  logger.info(`processor: ${processor.description}`);
  logger.info(`staff sign-in: ${staff.mode}`);
  const metricsServer = await listenForMetrics(app, config);
  if (metricsServer) logger.info(`metrics on http://${config.metrics.host}:${config.metrics.port}/metrics`);
  if (config.jobs.enabled) worker.start(config.jobs.pollMs);

  let stopping = false;
  const stop = async (signal: string, drainDelayMs: number) => {
    if (stopping) return;
    stopping = true;
    // Not ready, still serving: the load balancer's next probe takes the instance out of rotation,
    // and requests it sends meanwhile are answered, not refused.
    startDraining(app);
    logger.info(`${signal}: draining for ${drainDelayMs} ms, then stopping`);
    await new Promise((resolve) => setTimeout(resolve, drainDelayMs));
    await closeServer(server);
    if (metricsServer) await closeServer(metricsServer);
    await worker.stop();
    await processor.close();
    // Last: the embedded database flushes its files on close, so a stop never corrupts them.
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  // SIGTERM comes from a supervisor or orchestrator with a load balancer in front; SIGINT is a
  // person at a terminal, who has no balancer to wait for.
  process.on('SIGTERM', () => void stop('SIGTERM', config.shutdown.drainDelayMs));
  process.on('SIGINT', () => void stop('SIGINT', 0));
}

function optional(config: Config) {
  return {
    ...(config.keys.signingKeyJwk ? { signingKeyJwk: config.keys.signingKeyJwk } : {}),
    ...(config.keys.orderTokenSecret ? { orderTokenSecret: config.keys.orderTokenSecret } : {}),
  };
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    for (const line of err.problems) process.stderr.write(`config: ${line}\n`);
    process.exit(1);
  }
}

/** METRICS_PORT: /metrics on a listener of its own (an address only the scraper reaches). */
async function listenForMetrics(app: Express, config: Config): Promise<Server | undefined> {
  const metrics = metricsListener(app);
  if (!metrics || config.metrics.port === undefined) return undefined;
  const server = metrics.listen(config.metrics.port, config.metrics.host);
  await once(server, 'listening');
  return server;
}

/** Stops accepting, lets requests in flight finish, then cuts idle keep-alive sockets. */
async function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), DRAIN_TIMEOUT_MS);
  await closed;
  clearTimeout(timer);
}

main().catch((err) => {
  process.stderr.write(`handoff failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
