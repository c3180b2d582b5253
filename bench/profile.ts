/**
 * `npm run bench:profile [-- route...]`: where the CPU goes on each benchmarked route. The app runs
 * as `npm start` does, in a process of its own under `--cpu-prof`, beside the sandbox in another;
 * autocannon loads one route for a while, and this prints the app's CPU microseconds per request
 * (read from /proc, user + system) and the profile's samples taken inside the load window,
 * grouped by package or src/ folder, then the top frames by self time.
 *
 * Routes: products, sales-orders, card-orders, webhooks. `PROFILE_SECONDS` (default 10).
 * `PROFILE_LOG_LEVEL` (default warn, as the benchmarks run) shows what per-request logging costs.
 * `PROFILE_OUT=dir` keeps each route's .cpuprofile there (Chrome DevTools and speedscope open it).
 */
import type { ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { controls } from '../sandbox/client';
import { freshDatabase, type TestDatabase } from '../test/helpers/database';
import { ORDER_LOAD } from './checkout.bench';
import { load } from './load';
import { freePort, ROOT, sandboxLines, startProcess, stopProcess, untilHealthy } from './processes';
import { scriptedLoad } from './scripted-load';
import { makePendingOrders, WEBHOOK_LOAD } from './webhooks.bench';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const TICKS_PER_SECOND = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU in these

interface Setting {
  url: string;
  db: TestDatabase;
  sandbox: Record<string, string>;
  dir: string;
}

/** Each route: how many connections, and one load run that answers how many requests succeeded. */
const ROUTES: Record<string, { connections: number; run(s: Setting, seconds: number): Promise<number> }> = {
  products: {
    connections: 10,
    run: async (s, seconds) => {
      const r = await load(`${s.url}/api/products`, { connections: 10, seconds });
      return r.requestsPerSec * seconds;
    },
  },
  'sales-orders': {
    connections: 32,
    run: async (s, seconds) => (await scriptedLoad(ORDER_LOAD, { url: s.url, method: 'sales', connections: 32, seconds })).count,
  },
  'card-orders': {
    connections: 100,
    run: async (s, seconds) => (await scriptedLoad(ORDER_LOAD, { url: s.url, method: 'card', connections: 100, seconds })).count,
  },
  webhooks: {
    connections: 32,
    run: async (s, seconds) => {
      const idsFile = path.join(s.dir, 'ids.json');
      let start = 0;
      try {
        start = (JSON.parse(readFileSync(idsFile, 'utf8')) as { used: number }).used;
      } catch {
        writeFileSync(path.join(s.dir, 'order-ids.json'), JSON.stringify(await makePendingOrders(s.db.db, 'app', 40_000)));
      }
      const r = await scriptedLoad(WEBHOOK_LOAD, {
        url: s.url,
        connections: 32,
        seconds,
        start,
        idsFile: path.join(s.dir, 'order-ids.json'),
        secret: s.sandbox.STRIPE_WEBHOOK_SECRET,
      });
      writeFileSync(idsFile, JSON.stringify({ used: start + r.count + r.non2xx + 64 }));
      return r.count;
    },
  },
};

/** utime + stime of a process, in microseconds. */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / TICKS_PER_SECOND;
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package, a src/ folder, node's own, or V8's pseudo-frames. */
function groupOf(url: string, fn: string): string {
  if (url === '') return fn.startsWith('(') ? fn : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const own = /\/(src|sandbox)\/([^/]+)/.exec(url);
  if (own) return own[1] === 'sandbox' ? 'sandbox' : `src/${own[2]!.replace(/\.ts$/, '')}`;
  if (url.startsWith('node:')) return url;
  return path.relative(ROOT, url.replace(/^file:\/\//, ''));
}

function summarise(profile: CpuProfile, fromUs: number, toUs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const groups = new Map<string, number>();
  const frames = new Map<string, number>();
  let t = profile.startTime;
  let inWindow = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i]!;
    if (t < fromUs || t > toUs) return;
    inWindow++;
    const f = byId.get(id)!;
    if (f.functionName === '(idle)') return void idle++;
    const group = groupOf(f.url, f.functionName);
    groups.set(group, (groups.get(group) ?? 0) + 1);
    const where = f.url ? `${path.relative(ROOT, f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : '';
    const frame = `${f.functionName || '(anonymous)'} ${where}`.trim();
    frames.set(frame, (frames.get(frame) ?? 0) + 1);
  });
  const busy = inWindow - idle;
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, count]) => ({ name, share: count / busy }));
  return { busyShare: busy / inWindow, groups: top(groups, 14), frames: top(frames, 14) };
}

async function profileRoute(name: string): Promise<void> {
  const route = ROUTES[name]!;
  process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
  const db = await freshDatabase({ poolMax: 2 });
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-profile-'));
  const sandboxProcess = startProcess('scripts/sandbox.ts', { DATA_DIR: dir });
  let app: ChildProcess | undefined;
  try {
    const sandbox = await sandboxLines(sandboxProcess);
    const port = await freePort();
    const env = { ...sandbox, DATABASE_URL: db.url, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dir, NODE_ENV: 'development' };
    const settings = { LOG_LEVEL: process.env.PROFILE_LOG_LEVEL ?? 'warn', JOBS_ENABLED: 'false', RATE_LIMIT_ORDERS_PER_MINUTE: '1000000000' };
    app = startProcess('src/main.ts', { ...env, ...settings }, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=250']);
    const url = `http://127.0.0.1:${port}`;
    await untilHealthy(url);
    if (name === 'card-orders') {
      const processor = controls({ url: sandbox.STRIPE_API_URL!, secretKey: sandbox.STRIPE_SECRET_KEY!, caPem: readFileSync(sandbox.NODE_EXTRA_CA_CERTS!, 'utf8') });
      await processor.latency(200);
    }
    const setting = { url, db, sandbox, dir };
    await route.run(setting, 3); // warm-up: JIT, pool, TLS sessions
    const cpuBefore = cpuMicros(app.pid!);
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const requests = await route.run(setting, SECONDS);
    const toUs = Number(process.hrtime.bigint() / 1000n);
    const cpu = cpuMicros(app.pid!) - cpuBefore;
    await stopProcess(app, 'SIGINT');
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('the app wrote no CPU profile');
    if (process.env.PROFILE_OUT) {
      mkdirSync(process.env.PROFILE_OUT, { recursive: true });
      copyFileSync(path.join(dir, file), path.join(process.env.PROFILE_OUT, `${name}.cpuprofile`));
    }
    const s = summarise(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, fromUs, toUs);
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    console.log(`\n## ${name}: ${route.connections} connections, ${SECONDS} s, log level ${settings.LOG_LEVEL}`);
    console.log(
      `${Math.round(requests / SECONDS)} requests/s; app CPU ${Math.round(cpu / requests)} µs per request (${pct(cpu / ((toUs - fromUs) * 1))} of one core); busy in ${pct(s.busyShare)} of samples`,
    );
    console.log('\n| where (self time) | share of busy samples |\n|---|---|');
    for (const g of s.groups) console.log(`| ${g.name} | ${pct(g.share)} |`);
    console.log('\n| top frames (self time) | share |\n|---|---|');
    for (const f of s.frames) console.log(`| \`${f.name}\` | ${pct(f.share)} |`);
  } finally {
    await stopProcess(app);
    await stopProcess(sandboxProcess);
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((r) => !(r in ROUTES));
  if (unknown.length > 0) throw new Error(`no such route: ${unknown.join(', ')} (${Object.keys(ROUTES).join(', ')})`);
  for (const name of asked.length > 0 ? asked : Object.keys(ROUTES)) await profileRoute(name);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
