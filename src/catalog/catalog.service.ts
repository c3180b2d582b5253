import { listActiveProducts, type ProductWithPrices } from './catalog.repository';
import type { ProductView } from './catalog.schemas';
import type { ProductRow } from './catalog.table';
import type { Db } from '../database';

/** Seats still for sale, never negative; null for a product without capacity. */
export const seatsLeft = (p: Pick<ProductRow, 'capacity' | 'seats_taken'>): number | null => (p.capacity === null ? null : Math.max(0, p.capacity - p.seats_taken));

export function toProductView(p: ProductWithPrices): ProductView {
  return {
    sku: p.sku,
    name: p.name,
    kind: p.kind,
    description: p.description,
    prices: p.prices,
    seats_left: seatsLeft(p),
  };
}

export async function listProducts(db: Db): Promise<ProductView[]> {
  return (await listActiveProducts(db)).map(toProductView);
}
