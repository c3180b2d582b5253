import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ScriptedLoadResult {
  /** 2xx answers per second. */
  perSec: number;
  /** 2xx answers in all. */
  count: number;
  non2xx: number;
  errors: number;
  p99: number;
}

/** The head of every load script: `o` holds the options, `done` prints the result. */
const PRELUDE = `
const autocannon = require('autocannon');
const o = JSON.parse(process.argv[1]);
const done = (err, r) => {
  if (err) { console.error(err); process.exit(1); }
  process.stdout.write(JSON.stringify({ perSec: r['2xx'] / r.duration, count: r['2xx'], non2xx: r.non2xx, errors: r.errors, p99: r.latency.p99 }));
};
`;

/** Runs autocannon in its own process (never on the server's event loop) with a script that builds
 * each request itself (fresh keys, signed bodies), and reads what it printed. */
export async function scriptedLoad(script: string, opts: Record<string, unknown>): Promise<ScriptedLoadResult> {
  const { stdout } = await run(process.execPath, ['-e', PRELUDE + script, JSON.stringify(opts)], { cwd: path.resolve(__dirname, '..'), maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(stdout) as ScriptedLoadResult;
}
