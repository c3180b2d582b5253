import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../helpers/ports';

/** `npm start` exactly as a newcomer runs it: no DATABASE_URL, no processor key, a fresh DATA_DIR. */
const ROOT = path.resolve(__dirname, '../..');

interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(dataDir: string, port: number): Running {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  delete env.STRIPE_SECRET_KEY;
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  // 'close', not 'exit': npm exits at once on SIGTERM, while the server it started still holds the pipes
  // until its own shutdown has finished.
  const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, output: () => out, exited };
}

async function waitReady(base: string, run: Running): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`${base}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    // Ready, and its start-up lines through the pipes of npm and tsx (they can trail the listener).
    if (ok && run.output().includes('processor:')) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`not ready in time:\n${run.output()}`);
}

/** SIGTERM to the whole process group (npm, tsx, node), as a terminal's Ctrl-C or a supervisor does. */
async function stop(run: Running): Promise<void> {
  process.kill(-run.child.pid!, 'SIGTERM');
  await run.exited;
}

describe('npm start on embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-e2e-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves the demo catalog, stops cleanly on SIGTERM and keeps its data across a restart', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = start(dataDir, port);
    await waitReady(base, first);
    expect(first.output()).toContain('embedded PostgreSQL');
    expect(first.output()).toContain('sandbox');

    const products = (await (await fetch(`${base}/api/products`)).json()) as { products: Array<{ sku: string }> };
    expect(products.products.map((p) => p.sku)).toEqual(expect.arrayContaining(['SW-STD', 'SW-PRO', 'TRN-ADMIN', 'EVT-SUMMIT']));

    const placed = await fetch(`${base}/api/orders`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': 'e2e-restart-1' },
      body: JSON.stringify({
        items: [{ sku: 'TRN-ADMIN', quantity: 2 }],
        currency: 'EUR',
        payment_method: 'sales',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com', country: 'DE' },
      }),
    });
    expect(placed.status).toBe(201);
    const { order, order_token } = (await placed.json()) as { order: { id: string; number: string }; order_token: string };

    await stop(first);
    expect(first.output()).toContain('stopped');

    const second = start(dataDir, port);
    try {
      await waitReady(base, second);
      const again = await fetch(`${base}/api/orders/${order.id}`, { headers: { Authorization: `Bearer ${order_token}` } });
      expect(again.status).toBe(200);
      expect(((await again.json()) as { number: string }).number).toBe(order.number);
      const catalog = (await (await fetch(`${base}/api/products`)).json()) as { products: Array<{ sku: string; seats_left: number }> };
      const training = catalog.products.find((p) => p.sku === 'TRN-ADMIN');
      expect(training?.seats_left).toBe(10);
    } finally {
      await stop(second);
    }
  }, 240_000);
});
