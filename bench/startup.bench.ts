import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../test/helpers/ports';
import type { Bench } from './harness';

const ROOT = path.resolve(__dirname, '..');
const SECOND_STARTS = 3;
/** A bare Express 5 app, the least a Node HTTP service can start with, run the same way. */
const BARE_EXPRESS = "require('express')().get('/readyz', (_q, s) => { s.send('ok'); }).listen(Number(process.env.PORT), '127.0.0.1')";

/** Milliseconds from spawning `command` (its own process group) to the first 200 from /readyz;
 * then SIGINT to the group (no drain delay) and its exit awaited, so the next start finds the data
 * dir closed. */
async function msToReady(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(command[0]!, command.slice(1), { cwd: ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const closed = new Promise((resolve) => child.on('close', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      if (child.exitCode !== null || performance.now() - started > 120_000) throw new Error(`${command.join(' ')} was not ready:\n${out}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    process.kill(-child.pid!, 'SIGINT');
    await closed;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `npm start` as a newcomer runs it (embedded database, built-in sandbox) on a new data dir, then
 * again on that data dir, against a bare Express app's start in the same run. */
const bench: Bench = {
  name: 'startup',
  async run() {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-bench-startup-'));
    const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    delete env.STRIPE_SECRET_KEY;
    try {
      const npmStart = ['npm', 'start', '--silent'];
      const first = await msToReady(npmStart, env);
      const second: number[] = [];
      const bare: number[] = [];
      for (let i = 0; i < SECOND_STARTS; i++) {
        second.push(await msToReady(npmStart, env));
        bare.push(await msToReady([process.execPath, '-e', BARE_EXPRESS], env));
      }
      const reference = { name: 'node -e of a bare Express 5 listen', value: median(bare) };
      const runs = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(' / ');
      return [
        {
          name: `npm start to /readyz 200, embedded, second start (median of ${SECOND_STARTS})`,
          value: median(second),
          unit: 'ms',
          reference,
          better: 'lower',
          note: `runs ${runs(second)} ms; bare Express ${runs(bare)} ms; goal ≤ 3000 ms`,
        },
        { name: 'npm start to /readyz 200, embedded, first start (new data dir)', value: first, unit: 'ms', reference, better: 'lower', note: 'one run' },
      ];
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
export default bench;
