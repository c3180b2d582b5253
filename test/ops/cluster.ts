import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateEs256Jwk } from '../../src/shared/keys/es256';
import { freePort } from '../helpers/ports';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'dist/src/main.js');
const SOURCES = ['src', 'db', 'scripts', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

/** `npm run build`, unless dist/ is newer than every source file (a run after an unchanged build). */
export async function buildService(): Promise<void> {
  const built = statSync(MAIN, { throwIfNoEntry: false })?.mtimeMs ?? 0;
  const newest = Math.max(...SOURCES.flatMap((s) => filesUnder(path.join(ROOT, s))).map((f) => statSync(f).mtimeMs));
  if (built > newest) return;
  const child = spawn('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed:\n${out}`);
}

function filesUnder(p: string): string[] {
  const stat = statSync(p, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [p];
  return readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** What every instance behind one URL must share, made once per test run. */
export async function sharedSecrets(): Promise<Record<string, string>> {
  return {
    ORDER_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    SIGNING_KEY_JWK: JSON.stringify(await generateEs256Jwk()),
    COOKIE_KEY: randomBytes(32).toString('base64url'),
  };
}

export interface Instance {
  url: string;
  child: ChildProcess;
  output(): string;
  alive(): boolean;
  /** kill -9, as a crash or an evicted container would end it. */
  crash(): Promise<void>;
}

/** `node dist/src/main.js` on its own loopback port, with only the environment it is given. */
export async function startInstance(env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const instance: Instance = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    alive: () => child.exitCode === null && child.signalCode === null,
    async crash() {
      if (instance.alive()) child.kill('SIGKILL');
      await exited;
    },
  };
  return instance;
}

/** Waits (bounded) until the instance answers /readyz with 200. */
export async function ready(instance: Instance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!instance.alive()) throw new Error(`instance exited before it was ready:\n${instance.output()}`);
    if (
      await fetch(`${instance.url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`instance not ready in ${timeoutMs} ms:\n${instance.output()}`);
}
