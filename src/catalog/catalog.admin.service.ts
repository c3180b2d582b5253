import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import { conflict, notFound, unprocessable } from '../shared/errors';
import { applyPrices, findPrices, insertProductIfNew, lockProductForUpdate, updateProduct } from './catalog.admin.repository';
import type { AdminProductView, CreateProductInput, UpdateProductInput } from './catalog.admin.schemas';
import { deliveryColumns, deliveryErrors, deliveryView, type DeliveryInput } from './catalog.delivery';
import { seatsLeft } from './catalog.service';
import type { ProductRow } from './catalog.table';
import type { Db, Tx } from '../database';
import { iso } from '../shared/time';

function toAdminView(p: ProductRow, prices: Record<string, number>): AdminProductView {
  return {
    sku: p.sku,
    name: p.name,
    kind: p.kind,
    description: p.description,
    capacity: p.capacity,
    seats_taken: p.seats_taken,
    seats_left: seatsLeft(p),
    active: p.active,
    location_country: p.location_country,
    prices,
    updated_at: iso(p.updated_at),
    ...deliveryView(p),
  };
}

const audited = (v: AdminProductView) => ({ name: v.name, kind: v.kind, capacity: v.capacity, active: v.active, location_country: v.location_country, prices: v.prices });

export async function createProduct(db: Db, actor: string, input: CreateProductInput): Promise<AdminProductView> {
  return retryingTransaction(db, async (tx) => {
    const { prices, ...fields } = input;
    checkDelivery(input.kind, fields, fields);
    const product = await insertProductIfNew(tx, { ...fields, ...deliveryColumns(fields) });
    if (!product) throw conflict('product_exists', `A product with sku ${input.sku} exists already; change it with PATCH.`);
    await applyPrices(tx, product.sku, prices);
    const view = toAdminView(product, await findPrices(tx, product.sku));
    await audit(tx, { actor, action: 'product.created', subjectType: 'product', subjectId: product.sku, after: audited(view) });
    return view;
  });
}

export async function changeProduct(db: Db, actor: string, sku: string, input: UpdateProductInput): Promise<AdminProductView> {
  return retryingTransaction(db, async (tx) => {
    const product = await lockProductForUpdate(tx, sku);
    if (!product) throw notFound(`No product with sku ${sku}.`);
    const before = toAdminView(product, await findPrices(tx, sku));
    const { prices, ...fields } = input;
    checkCapacity(product, fields.capacity);
    checkDelivery(product.kind, fields, { ...deliveryView(product), ...fields });
    const updated = await updateProduct(tx, sku, { ...fields, ...deliveryColumns(fields) });
    if (prices) await applyPrices(tx, sku, prices);
    const after = toAdminView(updated, await checkedPrices(tx, sku));
    await audit(tx, { actor, action: 'product.updated', subjectType: 'product', subjectId: sku, before: audited(before), after: audited(after) });
    return after;
  });
}

function checkDelivery(kind: ProductRow['kind'], sent: DeliveryInput, after: DeliveryInput): void {
  const errors = deliveryErrors(kind, sent, after);
  if (errors.length > 0) throw unprocessable('delivery_fields_invalid', `These fields do not fit a ${kind} product.`, errors);
}

/** Seats already sold or held stay sold: capacity never drops below them. */
function checkCapacity(product: ProductRow, capacity: number | null | undefined): void {
  if (capacity === undefined || capacity === null || capacity >= product.seats_taken) return;
  throw unprocessable('capacity_below_seats_taken', `${product.seats_taken} seats of ${product.sku} are taken already.`, [
    { path: 'capacity', message: `At least ${product.seats_taken}, the seats already taken.` },
  ]);
}

async function checkedPrices(tx: Tx, sku: string): Promise<Record<string, number>> {
  const prices = await findPrices(tx, sku);
  if (Object.keys(prices).length === 0) {
    throw unprocessable('no_price_left', 'A product keeps at least one price.', [{ path: 'prices', message: 'This would remove the last price.' }]);
  }
  return prices;
}
