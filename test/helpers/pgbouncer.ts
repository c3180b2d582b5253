import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

export interface PgBouncer {
  port: number;
  /** The same database URL, through the pooler. */
  through(serverUrl: string): string;
  /** What PgBouncer logged: its server connections, and any error it answered. */
  log(): string;
  close(): Promise<void>;
}

/** Debian's `pgbouncer` (apt-get install -y pgbouncer), or undefined when it is not installed. */
export function pgbouncerBinary(): string | undefined {
  for (const candidate of ['pgbouncer', '/usr/sbin/pgbouncer']) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

/**
 * PgBouncer on a free loopback port in front of the DATABASE_URL server, in transaction pooling mode
 * with a small server pool: every transaction may run on another server session, and at most
 * `serverPoolSize` sessions serve any number of clients, handed out round-robin. Trust
 * authentication, loopback only.
 */
export async function startPgBouncer(binary: string, serverUrl: string, opts: { serverPoolSize?: number } = {}): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const port = await freePort();
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-pgbouncer-'));
  // PgBouncer refuses to run as root; as root it is told to switch to the postgres user, who must read these.
  chmodSync(dir, 0o755);
  const users = path.join(dir, 'users.txt');
  writeFileSync(users, `"${decodeURIComponent(server.username || 'postgres')}" ""\n`, { mode: 0o644 });
  const ini = path.join(dir, 'pgbouncer.ini');
  writeFileSync(
    ini,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      `default_pool_size = ${opts.serverPoolSize ?? 3}`,
      'max_client_conn = 200',
      // Round-robin rather than the last-used session: anything that leans on session state fails at once.
      'server_round_robin = 1',
      process.getuid?.() === 0 ? 'user = postgres' : '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const child = spawn(binary, [ini], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!out.includes('process up')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pgbouncer did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    through(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    log: () => out,
    async close() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
