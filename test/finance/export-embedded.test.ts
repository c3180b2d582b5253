import http from 'node:http';
import { once } from 'node:events';
import request from 'supertest';
import { seedOrders } from '../../scripts/seed/orders';
import { startTestApp, type TestApp } from '../helpers/app';
import { postOrder } from '../helpers/orders';
import { salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';

/** Embedded PGlite, whatever DATABASE_URL says: the mode with one connection for everything. */
const ORDERS = 30_000;
/** The finance clerk's slow line while the shop is busy: about 64 kB a second (16 kB a read). */
const READ_EVERY_MS = 250;

let t: TestApp;
let finance: string;
beforeAll(async () => {
  t = await startTestApp({}, { embedded: true });
  finance = await staffToken(t, ['finance'], { sub: 'fiona' });
  await seedOrders(t.ctx.db, ORDERS);
}, 180_000);
afterAll(() => t.close());

/** Reads the export slowly while `slow()` holds, then at full speed; resolves with every byte. */
function throttledExport(slow: () => boolean): { finished: () => boolean; done: Promise<string> } {
  let ended = false;
  const done = (async () => {
    const req = http.get(`${t.baseUrl}/api/finance/orders.csv`, { headers: { Authorization: `Bearer ${finance}` } });
    const [res] = (await once(req, 'response')) as [http.IncomingMessage];
    if (res.statusCode !== 200) throw new Error(`export answered ${res.statusCode}`);
    const chunks: Buffer[] = [];
    const finishedReading = new Promise<void>((resolve) =>
      res.once('end', () => {
        ended = true;
        resolve();
      }),
    );
    // Throttled in flowing mode: each chunk pauses the response for a while as long as `slow()`
    // holds (polling read() in paused mode stalled for good on Node 24 after the first chunk).
    res.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (!slow()) return;
      res.pause();
      setTimeout(() => res.resume(), READ_EVERY_MS);
    });
    await finishedReading;
    return Buffer.concat(chunks).toString('utf8');
  })();
  return { finished: () => ended, done };
}

describe('embedded mode: a slow finance download', () => {
  it('never starves checkout: 20 orders placed meanwhile all succeed and /readyz stays 200 while it streams', async () => {
    let polling = true;
    const download = throttledExport(() => polling);
    const readiness: number[] = [];
    const poll = (async () => {
      while (polling) {
        readiness.push((await request(t.app).get('/readyz')).status);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();

    await new Promise((r) => setTimeout(r, 1000));
    // Shoppers one after another: the export's pages take turns with their queries on the one
    // connection (a burst of simultaneous checkouts queues there whatever the export does).
    const placed = [];
    for (let i = 0; i < 20; i++) placed.push(await postOrder(t, salesOrder()));
    await request(t.app).get('/api/products').expect(200);
    // The export was still streaming the whole time.
    expect(download.finished()).toBe(false);
    polling = false;
    await poll;

    expect(placed.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(readiness.length).toBeGreaterThan(3);
    expect(readiness.every((s) => s === 200)).toBe(true);

    const text = await download.done;
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    // Each order once: the seeded ones, and those placed meanwhile that sorted after the pages read.
    const numbers = lines.slice(1).map((l) => l.split(',')[0]);
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(numbers.length).toBeGreaterThanOrEqual(ORDERS);
    expect(numbers.length).toBeLessThanOrEqual(ORDERS + 20);
  }, 300_000);
});
