import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { startTestApp } from '../test/helpers/app';
import type { Bench } from './harness';
import { load } from './load';

const CONNECTIONS = 10;
const SECONDS = 5;

/** GET /api/products against a bare Express 5 + helmet route answering a constant, both in this
 * process, measured with the same load generator settings. */
const bench: Bench = {
  name: 'products',
  async run() {
    process.env.DATABASE_URL ??= 'postgres://root@127.0.0.1:5432/test';
    const t = await startTestApp({ LOG_LEVEL: 'warn' });
    const bare = express();
    bare.disable('x-powered-by');
    bare.use(helmet());
    const constant = JSON.stringify({ products: [] });
    bare.get('/api/products', (_req, res) => {
      res.type('json').send(constant);
    });
    const bareServer = bare.listen(0, '127.0.0.1');
    await once(bareServer, 'listening');
    try {
      const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/api/products`;
      await load(`${t.baseUrl}/api/products`, { connections: CONNECTIONS, seconds: 1 }); // warm-up
      const reference = await load(bareUrl, { connections: CONNECTIONS, seconds: SECONDS });
      const ours = await load(`${t.baseUrl}/api/products`, { connections: CONNECTIONS, seconds: SECONDS });
      return [
        {
          name: `GET /api/products (${CONNECTIONS} connections)`,
          value: ours.requestsPerSec,
          unit: 'req/s',
          reference: { name: 'bare Express 5 + helmet constant', value: reference.requestsPerSec },
          better: 'higher',
          note: `p99 ${ours.latencyP99Ms} ms vs ${reference.latencyP99Ms} ms; non-2xx ${ours.non2xx}`,
        },
      ];
    } finally {
      bareServer.close();
      await t.close();
    }
  },
};
export default bench;
