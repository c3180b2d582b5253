import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startService } from '../helpers/service';

const DRAIN_MS = 3000;

describe('SIGTERM', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-drain-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('makes /readyz answer 503 at once while the other routes keep serving for the drain delay, then stops cleanly', async () => {
    const service = await startService({ DATA_DIR: dataDir, SHUTDOWN_DRAIN_DELAY_MS: String(DRAIN_MS), LOG_LEVEL: 'info' });
    service.signal('SIGTERM');
    const signalled = Date.now();
    // The signal is delivered asynchronously: the first probe after it may still be the last 200.
    let ready = await fetch(`${service.baseUrl}/readyz`);
    while (ready.status === 200 && Date.now() - signalled < 1000) ready = await fetch(`${service.baseUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({ status: 'draining' });
    expect(Date.now() - signalled).toBeLessThan(1000);

    let served = 0;
    let refusedAt: number | undefined;
    while (refusedAt === undefined) {
      const ok = await fetch(`${service.baseUrl}/api/products`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) served++;
      else refusedAt = Date.now();
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(served).toBeGreaterThan(5);
    expect(refusedAt - signalled).toBeGreaterThanOrEqual(DRAIN_MS - 200);
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain('stopped');
  }, 120_000);
});
