import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { controls } from '../sandbox/client';
import { freshDatabase } from '../test/helpers/database';
import type { Bench } from './harness';
import { scriptedLoad } from './scripted-load';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SHOPPERS = 100;
const LATENCY_MS = 200;
const SECONDS = 10;

/** Every shopper places a card order for a seat-less product with a fresh Idempotency-Key. */
const LOAD = `
const { randomUUID } = require('node:crypto');
const body = JSON.stringify({ items: [{ sku: 'SW-STD', quantity: 1 }], currency: 'USD', payment_method: 'card', customer: { name: 'Bench Shopper', email: 'bench@example.com', country: 'US' } });
autocannon({ url: o.url, connections: o.connections, duration: o.seconds, timeout: 30, requests: [{
  method: 'POST', path: '/api/orders', body, headers: { 'content-type': 'application/json' },
  setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
}] }, done);`;

/** The sandbox (`npm run sandbox`) and the app (`npm start`) each in a process of their own, as in
 * production, so the load generator, the processor and the app do not share an event loop. */
function start(script: string, env: Record<string, string>): ChildProcess {
  return spawn(TSX, [script, ...(script.endsWith('sandbox.ts') ? ['--port', '0'] : [])], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function sandboxLines(child: ChildProcess): Promise<Record<string, string>> {
  const lines: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const [key, ...value] = line.split('=');
    lines[key!] = value.join('=');
    if (Object.keys(lines).length === 4) return lines;
  }
  throw new Error('the sandbox stopped before printing its settings');
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

async function untilHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app did not start');
}

const bench: Bench = {
  name: 'checkout',
  async run() {
    process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
    const database = await freshDatabase({ poolMax: 1 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
    const sandbox = start('scripts/sandbox.ts', { DATA_DIR: dataDir });
    let app: ChildProcess | undefined;
    try {
      const s = await sandboxLines(sandbox);
      const port = await freePort();
      app = start('src/main.ts', {
        ...s,
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        JOBS_ENABLED: 'false',
        RATE_LIMIT_ORDERS_PER_MINUTE: '1000000000',
      });
      const url = `http://127.0.0.1:${port}`;
      await untilHealthy(url);
      const processor = controls({ url: s.STRIPE_API_URL!, secretKey: s.STRIPE_SECRET_KEY!, caPem: readFileSync(s.NODE_EXTRA_CA_CERTS!, 'utf8') });
      await processor.latency(LATENCY_MS);
      await scriptedLoad(LOAD, { url, connections: 10, seconds: 1 }); // warm-up
      const ours = await scriptedLoad(LOAD, { url, connections: SHOPPERS, seconds: SECONDS });
      return [
        {
          name: `card checkout, POST /api/orders (${SHOPPERS} shoppers, processor +${LATENCY_MS} ms per call)`,
          value: ours.perSec,
          unit: 'orders/s',
          reference: { name: `Little's law: ${SHOPPERS} / ${LATENCY_MS / 1000} s`, value: SHOPPERS / (LATENCY_MS / 1000) },
          better: 'higher',
          note: `one processor call per order; app pool 10; p99 ${ours.p99} ms; non-2xx ${ours.non2xx}, errors ${ours.errors}`,
        },
      ];
    } finally {
      for (const child of [app, sandbox]) {
        if (!child || child.exitCode !== null) continue;
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
