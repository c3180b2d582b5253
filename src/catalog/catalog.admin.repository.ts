import type { Updateable } from 'kysely';
import type { ProductRow, ProductTable } from './catalog.table';
import type { Tx } from '../database';

export async function insertProductIfNew(
  tx: Tx,
  p: { sku: string; name: string; kind: ProductRow['kind']; description: string; capacity: number | null; active: boolean; location_country: string | null },
): Promise<ProductRow | undefined> {
  return tx
    .insertInto('products')
    .values(p)
    .onConflict((oc) => oc.column('sku').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Locks the product as checkouts do (they take seats under the same lock), so a capacity change
 * and an order never cross. */
export async function lockProductForUpdate(tx: Tx, sku: string): Promise<ProductRow | undefined> {
  return tx.selectFrom('products').selectAll().where('sku', '=', sku).forUpdate().executeTakeFirst();
}

export async function updateProduct(tx: Tx, sku: string, changes: Updateable<ProductTable>): Promise<ProductRow> {
  return tx
    .updateTable('products')
    .set({ ...changes, updated_at: new Date() })
    .where('sku', '=', sku)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findPrices(tx: Tx, sku: string): Promise<Record<string, number>> {
  const rows = await tx.selectFrom('product_prices').select(['currency', 'unit_amount']).where('sku', '=', sku).orderBy('currency').execute();
  return Object.fromEntries(rows.map((r) => [r.currency, r.unit_amount]));
}

/** Applies a price list: a number sets that currency's price, null removes it. */
export async function applyPrices(tx: Tx, sku: string, prices: Record<string, number | null>): Promise<void> {
  const set = Object.entries(prices).filter((e): e is [string, number] => e[1] !== null);
  const removed = Object.entries(prices)
    .filter(([, v]) => v === null)
    .map(([c]) => c);
  if (set.length > 0) {
    await tx
      .insertInto('product_prices')
      .values(set.map(([currency, unit_amount]) => ({ sku, currency, unit_amount })))
      .onConflict((oc) => oc.columns(['sku', 'currency']).doUpdateSet((eb) => ({ unit_amount: eb.ref('excluded.unit_amount') })))
      .execute();
  }
  if (removed.length > 0) await tx.deleteFrom('product_prices').where('sku', '=', sku).where('currency', 'in', removed).execute();
}
