import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportCopySql, exportQuery, type ExportKind as AnyExportKind } from '../src/finance';

/** The order exports, the ones measured here. */
type ExportKind = Extract<AnyExportKind, 'orders' | 'lines'>;
import { seedOrders } from '../scripts/seed/orders';
import { mintDevStaffToken } from '../src/staff-auth';
import { freshDatabase } from '../test/helpers/database';
import type { Bench, BenchRow } from './harness';

const ROOT = path.resolve(__dirname, '..');

/**
 * `npm run bench -- export`: N orders (BENCH_EXPORT_ROWS, default 1,000,000) seeded into a fresh
 * database, then `orders.csv` and `order-lines.csv` downloaded over HTTP from the server running
 * as its own process (as it ships, with its default pool), each beside psql's COPY of the raw rows
 * in the same order (what PostgreSQL can hand out at best) in the same run. The server's resident
 * memory is sampled from /proc during each download; growth is against just before it. psql's
 * COPY of the export's own SQL (the binary COPY of the stored values) is printed in the note:
 * PostgreSQL's share of the time, beside Node formatting the cells and HTTP.
 */
const REFERENCE: Record<ExportKind, string> = {
  orders: 'select * from orders order by created_at, id',
  lines: 'select * from order_items i join orders o on o.id = i.order_id order by o.created_at, o.id, i.line_no',
};
const PATH: Record<ExportKind, string> = { orders: 'orders.csv', lines: 'order-lines.csv' };

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
      const lineCount = Number((await database.pool.query<{ n: string }>('select count(*) as n from order_items')).rows[0]!.n);
      server = await startServer(database.url, dataDir);
      const token = await mintDevStaffToken({ dataDir, roles: ['finance'], sub: 'bench' });
      const rows: BenchRow[] = [];
      let growth = { kb: 0, restingKb: 0, kind: 'orders' as ExportKind };
      for (const kind of ['orders', 'lines'] as const) {
        const expected = kind === 'orders' ? n : lineCount;
        const restingKb = memoryKb(server.pid, 'VmRSS');
        const ours = await download(`${server.baseUrl}/api/finance/${PATH[kind]}`, token, server.pid);
        if (ours.lines !== expected + 1) throw new Error(`${PATH[kind]} had ${ours.lines} lines for ${expected} rows`);
        if (ours.maxRssKb - restingKb > growth.kb) growth = { kb: ours.maxRssKb - restingKb, restingKb, kind };
        const file = path.join(dataDir, 'reference.csv');
        const reference = await psqlCopy(database.url, REFERENCE[kind], file);
        const referenceMb = statSync(file).size / 1e6;
        const ownSql = await psqlCopy(database.url, exportCopySql(kind, exportQuery.parse({})), file, true);
        rows.push({
          name: `${PATH[kind]} over HTTP, ${expected} rows`,
          value: expected / (ours.ms / 1000),
          unit: 'rows/s',
          reference: { name: `psql COPY (${REFERENCE[kind]})`, value: expected / (reference / 1000) },
          better: 'higher',
          note: `${mb(ours.bytes)} MB in ${s(ours.ms)}, first bytes after ${ours.firstByteMs.toFixed(0)} ms; reference ${referenceMb.toFixed(0)} MB in ${s(reference)}; psql COPY of the export's own SQL: ${s(ownSql)}`,
        });
      }
      rows.push({
        name: 'server resident memory during an export',
        value: (growth.restingKb + growth.kb) / 1024,
        unit: 'MB',
        reference: { name: 'resident just before it', value: growth.restingKb / 1024 },
        better: 'lower',
        note: `growth ${(growth.kb / 1024).toFixed(0)} MB (goal < 64 MB), largest during ${PATH[growth.kind]}`,
      });
      return rows;
    } finally {
      await server?.stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
const mb = (bytes: number) => (bytes / 1e6).toFixed(0);
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
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

/** psql writing a COPY ... TO STDOUT to a file (what `\copy` does, without `\copy`'s rule that the
 * query is the rest of one line). The export's own SQL is a whole COPY statement already, and runs
 * as the export does, without JIT. */
async function psqlCopy(databaseUrl: string, select: string, file: string, whole = false): Promise<number> {
  const command = whole ? select : `copy (${select}) to stdout with (format csv, header)`;
  const out = openSync(file, 'w');
  const started = performance.now();
  try {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', databaseUrl, '-c', command], {
      stdio: ['ignore', out, 'inherit'],
      env: { ...process.env, PGOPTIONS: whole ? '-c jit=off' : '' },
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`psql exited with ${code}`);
    return performance.now() - started;
  } finally {
    closeSync(out);
  }
}
