import { sql } from 'kysely';
import type { ProductRow } from './catalog.table';
import type { Db, Tx } from '../database';

export interface ProductWithPrices extends ProductRow {
  prices: Record<string, number>;
}

/** One round trip: the prices come aggregated per product (`{"EUR": 4500, ...}`, bigint amounts
 * cast to int8 text and back to numbers by JSON, which is exact below 2^53). */
export async function listActiveProducts(db: Db): Promise<ProductWithPrices[]> {
  return listProducts(db, { includeInactive: false });
}

/** Every product with its prices; with `includeInactive`, the retired ones too (the admin's view). */
export async function listProducts(db: Db, opts: { includeInactive: boolean }): Promise<ProductWithPrices[]> {
  let q = db
    .selectFrom('products')
    .selectAll('products')
    .select((eb) =>
      eb
        .selectFrom('product_prices')
        .whereRef('product_prices.sku', '=', 'products.sku')
        .select(sql<Record<string, number>>`coalesce(jsonb_object_agg(currency, unit_amount), '{}'::jsonb)`.as('p'))
        .as('prices'),
    );
  if (!opts.includeInactive) q = q.where('active', '=', true);
  return q.orderBy('sku').$narrowType<{ prices: Record<string, number> }>().execute();
}

export interface PricedLine {
  sku: string;
  name: string;
  capacity: number | null;
  seats_taken: number;
  active: boolean;
  unit_amount: number | null;
  /** Orders placed from this instant on are refused (events and training). */
  sales_end_at: Date | null;
  location_country: string | null;
}

/** The products an order names, with their price in the order's currency. Rows that carry seats
 * are locked (in sku order, so two checkouts never deadlock) until the transaction ends; the
 * others are not, so shoppers buying the same seat-less product never wait on one another. The
 * read comes after the lock, so it sees the seats taken by whoever held the lock before. */
export async function lockProductsForOrder(tx: Tx, skus: string[], currency: string): Promise<PricedLine[]> {
  if (skus.length === 0) return [];
  await tx.selectFrom('products').select('sku').where('sku', 'in', skus).where('capacity', 'is not', null).orderBy('sku').forUpdate().execute();
  return tx
    .selectFrom('products')
    .leftJoin('product_prices', (j) => j.onRef('product_prices.sku', '=', 'products.sku').on('product_prices.currency', '=', currency))
    .where('products.sku', 'in', skus)
    .select([
      'products.sku',
      'products.name',
      'products.capacity',
      'products.seats_taken',
      'products.active',
      'products.location_country',
      'product_prices.unit_amount',
      'products.sales_end_at',
    ])
    .orderBy('products.sku')
    .execute();
}

export async function takeSeats(tx: Tx, sku: string, quantity: number): Promise<void> {
  await tx
    .updateTable('products')
    .set((eb) => ({ seats_taken: eb('seats_taken', '+', quantity), updated_at: new Date() }))
    .where('sku', '=', sku)
    .execute();
}

/** Gives seats back; never below zero, whatever a buggy caller asks. */
export async function releaseSeats(tx: Tx, sku: string, quantity: number): Promise<void> {
  await tx
    .updateTable('products')
    .set((eb) => ({
      seats_taken: eb.fn('greatest', [eb.lit(0), eb('seats_taken', '-', quantity)]),
      updated_at: new Date(),
    }))
    .where('sku', '=', sku)
    .where('capacity', 'is not', null)
    .execute();
}

/** The products an order names, with what delivery needs (kind, term, times, place). */
export async function findProductsBySku(db: Db | Tx, skus: string[]): Promise<ProductRow[]> {
  if (skus.length === 0) return [];
  return db.selectFrom('products').selectAll().where('sku', 'in', skus).execute();
}
