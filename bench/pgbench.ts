import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Transactions per second of a pgbench script (simple protocol, as the app's driver sends
 * unnamed statements), with one server connection per client. */
export async function pgbenchTps(dbUrl: string, script: string, clients: number, seconds: number): Promise<number> {
  const threads = String(Math.min(clients, availableParallelism()));
  const { stdout } = await run('/usr/bin/pgbench', ['-n', '-M', 'simple', '-f', script, '-c', String(clients), '-j', threads, '-T', String(seconds), dbUrl], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  return Number(tps[1]);
}
