import { sql } from 'kysely';
import pg from 'pg';
import type { TestApp } from './app';

/** These tests act on server backends (terminate, lock, refuse connections): embedded PGlite has one. */
export const onServer = process.env.DATABASE_URL ? describe : describe.skip;

/** A session of our own on the test database, as an operator's psql would be. Its 'error' is
 * expected when the test terminates every backend, this one's included. */
export async function operatorSession(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, application_name: 'test-operator' });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Locks a product row, as a long transaction of someone else's would, until `release()`. */
export async function lockProduct(url: string, sku: string): Promise<{ release(): Promise<void> }> {
  const session = await operatorSession(url);
  await session.query('begin');
  await session.query('select 1 from products where sku = $1 for update', [sku]);
  return {
    async release() {
      await session.query('rollback').catch(() => undefined);
      await session.end().catch(() => undefined);
    },
  };
}

/** The service's backends waiting for a lock, once there are at least `n`. */
export async function backendsWaitingOnLock(operator: pg.Client, n: number): Promise<number[]> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await operator.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and application_name = 'handoff'`,
    );
    if (rows.length >= n) return rows.map((r) => r.pid);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`never saw ${n} backends waiting on a lock`);
}

/** pg_terminate_backend on every other backend of the test database, as a failover would end them. */
export async function terminateAllBackends(operator: pg.Client): Promise<number> {
  const { rows } = await operator.query(`select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`);
  return rows.length;
}

/**
 * Nothing half-written: every order has its lines, every seat taken belongs to an order that holds
 * seats, and every Idempotency-Key that names an order names one that exists.
 */
export async function halfWritten(
  t: TestApp,
): Promise<{ ordersWithoutItems: number; seatsMismatch: Array<{ sku: string; taken: number; held: number }>; keysWithoutOrder: number }> {
  const db = t.ctx.db;
  const { rows: empty } = await sql<{ n: number }>`select count(*)::int as n from orders o where not exists (select 1 from order_items i where i.order_id = o.id)`.execute(db);
  const { rows: seats } = await sql<{ sku: string; taken: number; held: number }>`
    select p.sku, p.seats_taken as taken, coalesce((select sum(i.quantity) from order_items i join orders o on o.id = i.order_id
      where i.sku = p.sku and o.seats_held), 0)::int as held
    from products p where p.capacity is not null`.execute(db);
  const { rows: keys } = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys k
    where k.scope = 'orders' and k.resource_id is not null and not exists (select 1 from orders o where o.id = k.resource_id)`.execute(db);
  return { ordersWithoutItems: empty[0]!.n, seatsMismatch: seats.filter((s) => s.taken !== s.held), keysWithoutOrder: keys[0]!.n };
}

export const nothingHalfWritten = { ordersWithoutItems: 0, seatsMismatch: [], keysWithoutOrder: 0 };
