/**
 * The app side of `npm run bench:instructions`: the tree's own test app (as its benchmarks
 * start it: server database, pool of 10, `LOG_LEVEL=warn`, jobs not running) with pending card
 * orders. It prints one line of JSON (its pid, URL, webhook secret and the orders' ids file), then
 * waits: SIGUSR2 runs a full garbage collection (node runs with --expose-gc) and answers `{"gc":true}`,
 * so that every counted window starts from the same heap; the end of stdin closes it.
 *
 * It imports only what every version of the tree has had (test/helpers/app and kysely), so that
 * the driver can copy it into a worktree of an older commit and count that commit the same way.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { startTestApp } from '../test/helpers/app';

async function main(): Promise<void> {
  const count = Number(process.env.INSTR_ORDERS ?? 12_000);
  const t = await startTestApp({ LOG_LEVEL: 'warn' }, { poolMax: 10 });
  const { rows } = await sql<{ id: string }>`
    insert into orders (number, status, payment_method, currency, subtotal, tax, total, customer_name, customer_email, customer_country, processor_session_id, hold_expires_at)
    select 'BENCH-app-' || n, 'pending_payment', 'card', 'USD', 4900, 0, 4900, 'Bench Shopper', 'bench@example.com', 'US', 'cs_bench_app_' || n, now() + interval '30 minutes'
    from generate_series(1, ${count}::int) as n order by n returning id`.execute(t.ctx.db);
  const idsFile = path.join(tmpdir(), `handoff-instructions-${process.pid}.json`);
  writeFileSync(idsFile, JSON.stringify(rows.map((r) => r.id)));
  const say = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
  say({ pid: process.pid, url: t.baseUrl, secret: t.ctx.webhookSecret, idsFile });
  process.on('SIGUSR2', () => {
    (globalThis as { gc?: () => void }).gc?.();
    say({ gc: true });
  });
  process.stdin.resume();
  process.stdin.on('end', () => {
    void (async () => {
      const count = async (where: string) => Number((await sql<{ n: string }>`select count(*)::text as n from orders where ${sql.raw(where)}`.execute(t.ctx.db)).rows[0]!.n);
      say({ paid: await count(`status = 'paid'`), salesOrders: await count(`payment_method = 'sales'`) });
      await t.close();
      rmSync(idsFile, { force: true });
      process.exit(0);
    })();
  });
}

void main();
