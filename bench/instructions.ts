/**
 * `npm run bench:instructions [-- webhooks|sales-orders] [--tree DIR]`: the machine instructions
 * the app spends on one request, counted by valgrind's callgrind: a signed
 * checkout.session.completed for a pending card order (`webhooks`, the default), or a pay-via-sales
 * `POST /api/orders` of one licence with a fresh Idempotency-Key (`sales-orders`). Wall-clock figures on a
 * shared two-core machine swing by a quarter from run to run; an instruction count does not
 * depend on what else the machine is doing, so two trees can be compared on a loaded machine, and
 * a difference of a few per cent shows.
 *
 * The app runs as the webhooks benchmark runs it (`bench/instructions-app.ts`: the tree's test app
 * on a fresh server database), under `valgrind --tool=callgrind --instr-atstart=no`: nothing is
 * counted while it starts, seeds and warms up. Then each window: a full garbage collection, the
 * counters zeroed, instrumentation on, WEBHOOKS events at 32 connections from this process (which
 * is not counted), the counters dumped, instrumentation off. Every thread of the app's process
 * counts (the garbage collector's and the compiler's too); the kernel's side of its system calls
 * does not, so a change in the number of statements shows less here than in events per second.
 *
 * `--tree DIR` counts another checkout (a `git worktree add` of an older commit, with its
 * node_modules): the app side is copied into its bench/ folder for the run and removed after.
 * INSTR_REQUESTS (per window, default 2000), INSTR_WINDOWS (4), INSTR_WARM (1500). About 8 minutes
 * for webhooks with the defaults.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { ORDER } from './offline-orders.bench';
import { ROOT } from './processes';

const PER_WINDOW = Number(process.env.INSTR_REQUESTS ?? 2000);
const WINDOWS = Number(process.env.INSTR_WINDOWS ?? 4);
const WARM = Number(process.env.INSTR_WARM ?? 1500);
const CONNECTIONS = 32;

interface AppInfo {
  pid: number;
  url: string;
  secret: string;
  idsFile: string;
}

function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Request {
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** The requests of each route: the nth one, and what the database holds once `count` of them were answered. */
/** `done`: the count the app side reports once it closes, and what it counts. */
const ROUTES: Record<string, { request(app: AppInfo, ids: string[], n: number): Request; done: 'paid' | 'salesOrders'; doneAs: string }> = {
  webhooks: {
    done: 'paid',
    doneAs: 'orders paid, each once',
    request(app, ids, n) {
      const session = {
        id: `cs_bench_app_${n + 1}`,
        object: 'checkout.session',
        status: 'complete',
        payment_status: 'paid',
        amount_total: 4900,
        currency: 'usd',
        client_reference_id: ids[n],
        metadata: { order_id: ids[n] },
        payment_intent: `pi_bench_app_${n + 1}`,
      };
      const now = Math.floor(Date.now() / 1000);
      const body = JSON.stringify({
        id: `evt_bench_app_${n + 1}`,
        object: 'event',
        type: 'checkout.session.completed',
        api_version: '2025-01-01',
        created: now,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object: session },
      });
      const v1 = createHmac('sha256', app.secret).update(`${now}.${body}`).digest('hex');
      return { path: '/api/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${now},v1=${v1}` }, body };
    },
  },
  'sales-orders': {
    done: 'salesOrders',
    doneAs: 'sales orders placed, one per request',
    request: () => ({
      path: '/api/orders',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify(ORDER),
    }),
  },
};

/** Sends `count` requests of the route, `CONNECTIONS` at a time; counts answers by status. */
function sender(app: AppInfo, route: (typeof ROUTES)[string]) {
  const ids = JSON.parse(readFileSync(app.idsFile, 'utf8')) as string[];
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let next = 0;
  const one = (n: number) =>
    new Promise<number>((resolve, reject) => {
      const { path: to, headers, body } = route.request(app, ids, n);
      const req = http.request(`${app.url}${to}`, { method: 'POST', agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    async send(count: number): Promise<Record<number, number>> {
      if (next + count > ids.length) throw new Error(`only ${ids.length} pending orders; raise INSTR_ORDERS`);
      const end = next + count;
      const codes: Record<number, number> = {};
      const worker = async () => {
        while (next < end) {
          const code = await one(next++);
          codes[code] = (codes[code] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, worker));
      return codes;
    },
    close: () => agent.destroy(),
  };
}

async function main(): Promise<void> {
  if (!hasValgrind()) throw new Error('valgrind is not on the PATH (Debian: apt-get install valgrind)');
  const args = process.argv.slice(2);
  const treeAt = args.indexOf('--tree');
  const tree = treeAt >= 0 ? path.resolve(args[treeAt + 1]!) : ROOT;
  const routeName = args.find((a, i) => !a.startsWith('--') && (treeAt < 0 || i !== treeAt + 1)) ?? 'webhooks';
  const route = ROUTES[routeName];
  if (!route) throw new Error(`no route ${routeName}: one of ${Object.keys(ROUTES).join(', ')}`);
  const appScript = tree === ROOT ? 'bench/instructions-app.ts' : 'bench/_instructions-app.ts';
  if (tree !== ROOT) copyFileSync(path.join(ROOT, 'bench/instructions-app.ts'), path.join(tree, appScript));
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-callgrind-'));
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: tree, encoding: 'utf8' }).trim();
  const child = spawn('valgrind', ['--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${dir}/cg.%p`, process.execPath, '--expose-gc', '--import', 'tsx', appScript], {
    cwd: tree,
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test', INSTR_ORDERS: String(WARM + WINDOWS * PER_WINDOW + 100) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const { value, done } = await lines.next();
    if (done) throw new Error(`the app stopped:\n${stderr}`);
    return JSON.parse(value) as Record<string, unknown>;
  };
  try {
    const app = (await nextLine()) as unknown as AppInfo;
    const control = (...args: string[]) => execFileSync('callgrind_control', [...args, String(app.pid)], { stdio: 'pipe' });
    const events = sender(app, route);
    console.log(`${routeName}: tree ${tree} at ${commit}; warming up with ${WARM} requests (not counted)...`);
    const warm = await events.send(WARM);
    const perRequest: number[] = [];
    for (let w = 0; w < WINDOWS; w++) {
      process.kill(app.pid, 'SIGUSR2');
      await nextLine();
      control('-z');
      control('-i', 'on');
      const codes = await events.send(PER_WINDOW);
      control('-d', `window${w}`);
      control('-i', 'off');
      // callgrind numbers its dumps from 1: window w is part w + 1 of the pid's output file.
      const totals = Number(/^totals: (\d+)/m.exec(readFileSync(path.join(dir, `cg.${app.pid}.${w + 1}`), 'utf8'))?.[1]);
      perRequest.push(totals / PER_WINDOW);
      console.log(`window ${w + 1}: ${PER_WINDOW} requests (${JSON.stringify(codes)}), ${Math.round(totals / PER_WINDOW).toLocaleString('en')} instructions each`);
      const answered = (codes[200] ?? 0) + (codes[201] ?? 0);
      if (answered !== PER_WINDOW) throw new Error(`not every request was answered 200 or 201: ${JSON.stringify({ warm, codes })}`);
    }
    events.close();
    child.stdin.end();
    const counts = (await nextLine()) as { paid: number; salesOrders: number };
    const expected = WARM + WINDOWS * PER_WINDOW;
    const made = counts[route.done];
    if (made !== expected) throw new Error(`${made} ${route.doneAs}: ${expected} expected`);
    const mean = perRequest.reduce((a, b) => a + b, 0) / perRequest.length;
    const fmt = (n: number) => `${(n / 1e6).toFixed(2)} M`;
    console.log(
      `\n${commit}: ${fmt(mean)} instructions per request (${routeName}), mean of ${WINDOWS} windows (${fmt(Math.min(...perRequest))}–${fmt(Math.max(...perRequest))}); ${made} ${route.doneAs}`,
    );
  } finally {
    child.stdin.end();
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
    if (tree !== ROOT) rmSync(path.join(tree, appScript), { force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
