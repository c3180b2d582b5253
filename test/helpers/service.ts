import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freePort } from './ports';

const ROOT = path.resolve(__dirname, '../..');

export interface RunningService {
  baseUrl: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Sends the signal to the service's whole process group. */
  signal(name: NodeJS.Signals): void;
}

/** `src/main.ts` as its own process, in one node process (tsx as a loader, not a wrapper that
 * forks), so that a SIGKILL kills the service itself. Resolves once /readyz says 200. */
export async function startService(env: Record<string, string>): Promise<RunningService> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), JOBS_ENABLED: 'false', LOG_LEVEL: 'warn', ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const service: RunningService = {
    baseUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited,
    signal(name) {
      try {
        process.kill(-child.pid!, name);
      } catch (err) {
        // Already gone: nothing left to signal.
        if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
      }
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the service exited:\n${out}`);
    if (
      await fetch(`${service.baseUrl}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      return service;
    await new Promise((r) => setTimeout(r, 200));
  }
  service.signal('SIGKILL');
  throw new Error(`the service was not ready in time:\n${out}`);
}
