import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const AUTOCANNON = path.resolve(__dirname, '../node_modules/.bin/autocannon');

export interface LoadResult {
  requestsPerSec: number;
  latencyP99Ms: number;
  non2xx: number;
  errors: number;
}

/** autocannon in its own process, so the load generator does not share the server's event loop. */
export async function load(url: string, opts: { connections: number; seconds: number; method?: string; body?: string; headers?: Record<string, string> }): Promise<LoadResult> {
  const args = ['-j', '-c', String(opts.connections), '-d', String(opts.seconds)];
  if (opts.method) args.push('-m', opts.method);
  if (opts.body) args.push('-b', opts.body);
  for (const [k, v] of Object.entries(opts.headers ?? {})) args.push('-H', `${k}=${v}`);
  const { stdout } = await run(AUTOCANNON, [...args, url], { maxBuffer: 16 * 1024 * 1024 });
  const r = JSON.parse(stdout);
  return { requestsPerSec: r.requests.average, latencyP99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
}
