import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { exportQuery, exportSql } from '../src/finance';
import { seedOrders } from '../scripts/seed/orders';
import { mintDevStaffToken } from '../src/staff-auth';
import { freshDatabase } from '../test/helpers/database';
import type { Bench, BenchRow } from './harness';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');

/**
 * `npm run bench -- export`: N orders (BENCH_EXPORT_ROWS, default 1,000,000) seeded into a fresh
 * database, then exported over HTTP from the server running as its own process (as it ships, with
 * its default pool), beside psql's `\copy` of the same SELECT in the same run. The server's memory
 * is read from /proc: resident before the export, and the peak (VmHWM) after it.
 */
const bench: Bench = {
  name: 'export',
  async run() {
    const n = Number(process.env.BENCH_EXPORT_ROWS ?? 1_000_000);
    process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
    const database = await freshDatabase({ poolMax: 4 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-export-'));
    let server: Server | undefined;
    try {
      const seeded = await seedOrders(database.db, n);
      console.log(`  seeded ${n} orders in ${(seeded.ms / 1000).toFixed(1)} s`);
      server = await startServer(database.url, dataDir);
      const token = await mintDevStaffToken({ dataDir, roles: ['finance'], sub: 'bench' });
      const restingKb = memoryKb(server.pid, 'VmRSS');
      const ours = await download(`${server.baseUrl}/api/finance/orders.csv`, token, server.pid);
      const peakKb = memoryKb(server.pid, 'VmHWM');
      const file = path.join(dataDir, 'reference.csv');
      const select = exportSql('orders', exportQuery.parse({})).cellsQuery;
      // PostgreSQL's own best: with JIT as configured, and without it (as the export runs).
      const [withJit, withoutJit] = [await psqlCopy(database.url, select, file, ''), await psqlCopy(database.url, select, file, '-c jit=off')];
      const reference = Math.min(withJit, withoutJit);
      if (ours.lines !== n + 1) throw new Error(`the export had ${ours.lines} lines for ${n} orders`);
      const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
      return [
        {
          name: `orders.csv over HTTP, ${n} orders`,
          value: n / (ours.ms / 1000),
          unit: 'rows/s',
          reference: { name: 'psql \\copy of the same SELECT', value: n / (reference / 1000) },
          better: 'higher',
          note: `${mb(ours.bytes)} MB in ${(ours.ms / 1000).toFixed(1)} s, first bytes after ${ours.firstByteMs.toFixed(0)} ms; psql: ${mb(statSync(file).size)} MB in ${(reference / 1000).toFixed(1)} s (${(withJit / 1000).toFixed(1)} s with JIT, ${(withoutJit / 1000).toFixed(1)} s without)`,
        },
        {
          name: 'server peak resident memory (VmHWM)',
          value: peakKb / 1024,
          unit: 'MB',
          reference: { name: 'server resident before the export', value: restingKb / 1024 },
          better: 'lower',
          note: `highest resident seen while streaming: ${(ours.maxRssKb / 1024).toFixed(0)} MB`,
        },
      ] satisfies BenchRow[];
    } finally {
      await server?.stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;

interface Server {
  pid: number;
  baseUrl: string;
  stop(): Promise<void>;
}

/** `node --import tsx src/main.ts`: the server itself is the child, so /proc/<pid> is its memory. */
async function startServer(databaseUrl: string, dataDir: string): Promise<Server> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    JOBS_ENABLED: 'false',
    NODE_ENV: 'development',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    if (await healthy(baseUrl)) break;
    if (i > 600) throw new Error('the server did not start within 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: child.pid!, baseUrl, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const healthy = (baseUrl: string) =>
  new Promise<boolean>((resolve) => {
    http
      .get(`${baseUrl}/healthz`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });

async function freePort(): Promise<number> {
  const s = createServer().listen(0, '127.0.0.1');
  await once(s, 'listening');
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function memoryKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN);
}

/** Reads the whole export as a client would, counting bytes and lines, sampling the server's RSS. */
async function download(url: string, token: string, serverPid: number) {
  const started = performance.now();
  let maxRssKb = 0;
  const sampler = setInterval(() => (maxRssKb = Math.max(maxRssKb, memoryKb(serverPid, 'VmRSS'))), 50);
  try {
    const req = http.get(url, { headers: { Authorization: `Bearer ${token}` } });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    if (res.statusCode !== 200) throw new Error(`the export answered ${res.statusCode}`);
    let bytes = 0;
    let lines = 0;
    let firstByteMs = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      if (bytes === 0) firstByteMs = performance.now() - started;
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
    }
    return { bytes, lines, ms: performance.now() - started, firstByteMs, maxRssKb };
  } finally {
    clearInterval(sampler);
  }
}

async function psqlCopy(databaseUrl: string, select: string, file: string, pgOptions: string): Promise<number> {
  const started = performance.now();
  const command = `\\copy (${select.replace(/\s+/g, ' ')}) to '${file}' with (format csv, header)`;
  await run('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', databaseUrl, '-c', command], { maxBuffer: 1 << 20, env: { ...process.env, PGOPTIONS: pgOptions } });
  return performance.now() - started;
}
