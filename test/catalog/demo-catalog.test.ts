import { sql } from 'kysely';
import { openDatabase } from '../../src/bootstrap';
import { loadConfig, type Config } from '../../src/shared/config';
import { freshDatabase, type TestDatabase } from '../helpers/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await freshDatabase();
  // A database as a new store's would be: the schema, nothing sold yet.
  await sql`delete from product_prices`.execute(t.db);
  await sql`delete from products`.execute(t.db);
  await sql`delete from tax_rates`.execute(t.db);
  // The embedded test database takes one connection at a time, and each start below needs it
  // (a second destroy in close() is a no-op).
  await t.db.destroy();
});
afterAll(() => t.close());

async function startOnce(env: Config['env']): Promise<{ products: number; taxRates: number }> {
  const database = await openDatabase({ ...loadConfig({ DATABASE_URL: t.url }), env });
  try {
    const count = async (table: 'products' | 'tax_rates') =>
      Number((await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(database.handle.db)).rows[0]!.n);
    return { products: await count('products'), taxRates: await count('tax_rates') };
  } finally {
    await database.close();
  }
}

describe('the catalog a start leaves behind', () => {
  it('in production: the tax rates, and not one demo product', async () => {
    const after = await startOnce('production');
    expect(after.products).toBe(0);
    expect(after.taxRates).toBeGreaterThan(0);
  });

  it('in development: the demo products as well', async () => {
    expect((await startOnce('development')).products).toBe(4);
  });
});
