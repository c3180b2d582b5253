import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { startOneAtATimeGate } from './embedded-gate';

export interface EmbeddedPostgres {
  url: string;
  /** The whole database as one uncompressed tarball, which `from` loads back. */
  dump(): Promise<Blob>;
  close(): Promise<void>;
}

/** PGlite is a single-backend PostgreSQL. It is served over the wire protocol so that the very same
 * `pg` + Kysely code runs on it and on a server. pglite-socket can multiplex several connections, but
 * it interleaves their statements on the one backend, so two clients' transactions would mix: it is
 * served with one connection, and the pool in front of it must have `max: 1`. Clients reach it
 * through a gate that queues a connection arriving while the last one is still closing. */
/** `dataDir` is a folder, or `memory` for a database that lives as long as the process; `from` a
 * dump to start from. */
export async function startEmbeddedPostgres(dataDir: string, opts: { from?: Blob } = {}): Promise<EmbeddedPostgres> {
  let location = 'memory://';
  if (dataDir !== 'memory') {
    location = resolve(dataDir, 'pg');
    mkdirSync(location, { recursive: true });
  }
  // A fresh database runs initdb inside WebAssembly (seconds); loading a dump skips it.
  const db = await PGlite.create(location, opts.from ? { loadDataDir: opts.from } : {});
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  const gate = await startOneAtATimeGate({ host: host!, port: Number(port) }, () => server.getStats().activeConnections === 0);
  return {
    url: `postgres://postgres@127.0.0.1:${gate.port}/postgres`,
    dump: () => db.dumpDataDir('none'),
    async close() {
      await gate.close();
      await server.stop();
      // Closing PGlite flushes and releases its files, so a stop never leaves them corrupt.
      await db.close();
    },
  };
}
