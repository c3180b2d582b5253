import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { controls } from '../sandbox/client';
import { freshDatabase } from '../test/helpers/database';
import type { Bench } from './harness';
import { freePort, sandboxLines, startProcess, stopProcess, untilHealthy } from './processes';
import { scriptedLoad } from './scripted-load';

const SHOPPERS = 100;
const LATENCY_MS = 200;
const SECONDS = 10;

/** Every shopper places an order (card, or pay via sales for the reference) for a seat-less
 * product with a fresh Idempotency-Key. */
export const ORDER_LOAD = `
const { randomUUID } = require('node:crypto');
const body = JSON.stringify({ items: [{ sku: 'SW-STD', quantity: 1 }], currency: 'USD', payment_method: o.method, customer: { name: 'Bench Shopper', email: 'bench@example.com', country: 'US' } });
autocannon({ url: o.url, connections: o.connections, duration: o.seconds, timeout: 30, requests: [{
  method: 'POST', path: '/api/orders', body, headers: { 'content-type': 'application/json' },
  setupRequest: (req) => ({ ...req, headers: { ...req.headers, 'idempotency-key': randomUUID() } }),
}] }, done);`;

const bench: Bench = {
  name: 'checkout',
  async run() {
    process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
    const database = await freshDatabase({ poolMax: 1 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-'));
    const sandbox = startProcess('scripts/sandbox.ts', { DATA_DIR: dataDir });
    let app: ChildProcess | undefined;
    try {
      const s = await sandboxLines(sandbox);
      const port = await freePort();
      app = startProcess('src/main.ts', {
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
      const orders = (method: string, connections: number, seconds: number) => scriptedLoad(ORDER_LOAD, { url, method, connections, seconds });
      await orders('card', 10, 1); // warm-up
      const ours = await orders('card', SHOPPERS, SECONDS);
      // The reference: the same app, the same shoppers, paying via sales (no processor call).
      const sales = await orders('sales', SHOPPERS, SECONDS);
      return [
        {
          name: `card checkout, POST /api/orders (${SHOPPERS} shoppers, processor +${LATENCY_MS} ms per call)`,
          value: ours.perSec,
          unit: 'orders/s',
          reference: { name: `the same ${SHOPPERS} shoppers paying via sales, same app and run`, value: sales.perSec },
          better: 'higher',
          note: `one processor call per order; app pool 10; p99 ${ours.p99} ms (via sales ${sales.p99} ms); Little's law bound ${SHOPPERS / (LATENCY_MS / 1000)} orders/s; non-2xx ${ours.non2xx + sales.non2xx}, errors ${ours.errors + sales.errors}`,
        },
      ];
    } finally {
      for (const child of [app, sandbox]) await stopProcess(child);
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
