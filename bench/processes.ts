import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(__dirname, '..');

/** The sandbox (`npm run sandbox`) or the app (`npm start`) in a process of its own, as in
 * production, so the load generator, the processor and the app do not share an event loop.
 * `nodeFlags` go to node itself (a profiler, say). */
export function startProcess(script: string, env: Record<string, string>, nodeFlags: string[] = []): ChildProcess {
  const args = [...nodeFlags, '--import', 'tsx', script, ...(script.endsWith('sandbox.ts') ? ['--port', '0'] : [])];
  return spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The four settings lines `npm run sandbox` prints (STRIPE_API_URL, keys, CA path). */
export async function sandboxLines(child: ChildProcess): Promise<Record<string, string>> {
  const lines: Record<string, string> = {};
  for await (const line of createInterface({ input: child.stdout! })) {
    const [key, ...value] = line.split('=');
    lines[key!] = value.join('=');
    if (Object.keys(lines).length === 4) return lines;
  }
  throw new Error('the sandbox stopped before printing its settings');
}

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export async function untilHealthy(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the app did not start');
}

export async function stopProcess(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!child || child.exitCode !== null) return;
  child.kill(signal);
  await once(child, 'exit');
}
