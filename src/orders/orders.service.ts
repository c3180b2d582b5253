import { retryingTransaction } from '../shared/db';
import { AppError, unauthorized, unprocessable } from '../shared/errors';
import { IdempotentRequest, requestHash } from '../idempotency';
import { signOrderToken, type KeyRing } from '../shared/keys';
import { lockProductsForOrder, takeSeats, type PricedLine } from '../catalog';
import { taxOrder, type TaxSettings } from '../tax';
import type { OrderPaymentMethods } from './order-payment';
import type { CreateOrderInput, NextStep, OrderView } from './orders.schemas';
import { findOrderById, findOrderItems, insertHistory, insertOrder, nextOrderNumber, updateOrder } from './orders.repository';
import type { OrderItemRow, OrderRow } from './orders.table';
import { priceLines, totalOrder, type PricedOrder } from './pricing';
import { toOrderView } from './order-view';
import type { Db, Tx } from '../database';

/** Runs inside the creating transaction: other capabilities add their side of a new order here
 * (contact request, consent, notification jobs), so all of it commits or none does. */
export type OrderCreatedHook = (tx: Tx, order: OrderRow, input: CreateOrderInput, meta: OrderMeta, items: OrderItemRow[]) => Promise<void>;

export interface OrderMeta {
  /** Sec-GPC: 1 was sent: no cookie, no marketing, recorded on the order. */
  gpc: boolean;
}

export interface OrdersDeps {
  db: Db;
  keys: KeyRing;
  methods: OrderPaymentMethods;
  onCreated: OrderCreatedHook[];
  tax: TaxSettings;
}

export interface PlacedOrder {
  status: number;
  replayed: boolean;
  body: { order: OrderView; order_token: string; next: NextStep };
}

/** The shopper's checkout, as a story: claim the idempotency key; write the order, its lines and
 * its seats in one short transaction; then, outside it, ask the payment method for the next step;
 * record the answer so that a retry replays it. */
export async function placeOrder(deps: OrdersDeps, idempotencyKey: string, rawBody: unknown, input: CreateOrderInput, meta: OrderMeta): Promise<PlacedOrder> {
  const idem = new IdempotentRequest(deps.db, 'orders', idempotencyKey, requestHash(rawBody));
  // The key is claimed in the transaction that writes the order, so both commit or neither does
  // (an order refused with 422 leaves the key free for a corrected retry), in one commit.
  const begun = await retryingTransaction(deps.db, async (tx) => {
    const claim = await idem.claim(tx);
    if (claim.kind === 'replay') return claim;
    const existing = claim.resourceId ? await findOrderById(tx, claim.resourceId) : undefined;
    // A retry taking over an order it wrote before reads the lines back; a new order has them.
    if (existing) return { kind: 'run' as const, order: existing, items: await findOrderItems(tx, existing.id) };
    return { kind: 'run' as const, ...(await createOrderRecord(tx, deps, idem, input, meta)) };
  });
  if (begun.kind === 'replay') {
    const stored = begun.body as { order: OrderView; next: NextStep };
    return { status: begun.status, replayed: true, body: { ...stored, order_token: await signOrderToken(deps.keys, stored.order.id) } };
  }
  const { order, items } = begun;
  try {
    const started = await startPayment(deps, order, items);
    // The processor's reference and the answer to replay are stored together, in one commit.
    const body = await retryingTransaction(deps.db, async (tx) => {
      const current =
        started.processorSessionId && started.processorSessionId !== order.processor_session_id
          ? await updateOrder(tx, order.id, { processor_session_id: started.processorSessionId })
          : order;
      const answer = { order: toOrderView(current, items), next: started.next };
      await idem.complete(201, answer, tx);
      return answer;
    });
    return { status: 201, replayed: false, body: { ...body, order_token: await signOrderToken(deps.keys, order.id) } };
  } catch (err) {
    // The order is written: the key is left for the retry to take over and finish this order.
    await idem.fail(err, true);
    throw err;
  }
}

/** Asks the payment method for the shopper's next step, outside any transaction (it may call the
 * processor). An order that already has a processor session resumes it. */
async function startPayment(deps: OrdersDeps, order: OrderRow, items: OrderItemRow[]): Promise<{ next: NextStep; processorSessionId?: string }> {
  const provider = deps.methods[order.payment_method];
  if (order.processor_session_id && provider.resume) {
    const resumed = await provider.resume(order);
    if (resumed) return { next: resumed };
  }
  return provider.start(order, items);
}

async function createOrderRecord(tx: Tx, deps: OrdersDeps, idem: IdempotentRequest, input: CreateOrderInput, meta: OrderMeta): Promise<{ order: OrderRow; items: OrderItemRow[] }> {
  const provider = deps.methods[input.payment_method];
  const catalog = await lockProductsForOrder(
    tx,
    input.items.map((i) => i.sku),
    input.currency,
  );
  const now = new Date();
  const { priced, taxNote } = await priceAndTax(tx, deps.tax, input, catalog, now);
  for (const seat of priced.seats) await takeSeats(tx, seat.sku, seat.quantity);
  const { order, items } = await insertOrder(
    tx,
    {
      number: await nextOrderNumber(tx),
      status: provider.initialStatus,
      payment_method: input.payment_method,
      currency: input.currency,
      subtotal: priced.subtotal,
      tax: priced.tax,
      total: priced.total,
      customer_name: input.customer.name,
      customer_email: input.customer.email,
      customer_company: input.customer.company ?? null,
      customer_country: input.customer.country,
      customer_phone: input.customer.phone ?? null,
      customer_region: input.customer.region ?? null,
      customer_vat_id: input.customer.vat_id ?? null,
      po_number: input.po_number ?? null,
      tax_note: taxNote,
      marketing_opt_in: input.marketing_opt_in && !meta.gpc,
      contact_me: input.contact_me,
      gpc: meta.gpc,
      seats_held: priced.seats.length > 0,
      hold_expires_at: provider.holdUntil(now),
      ...provider.creationFields(),
    },
    priced.lines,
  );
  await insertHistory(tx, { orderId: order.id, actor: 'shopper', event: 'created', to: order.status });
  await idem.attach(tx, order.id);
  for (const hook of deps.onCreated) await hook(tx, order, input, meta, items);
  return { order, items };
}

/** Lines from the catalog, taxed at the rates in force today (UTC) where each line is supplied. */
async function priceAndTax(tx: Tx, settings: TaxSettings, input: CreateOrderInput, catalog: PricedLine[], now: Date): Promise<{ priced: PricedOrder; taxNote: string | null }> {
  const untaxed = priceLines(input.items, catalog, input.currency);
  if (untaxed.errors.length > 0) throw unprocessable('order_not_possible', 'Some items cannot be ordered as asked.', untaxed.errors);
  const { customer } = input;
  const buyer = { country: customer.country, region: customer.region, vatId: customer.vat_id };
  const lines = untaxed.lines.map((l) => ({ amount: l.line.amount, location: l.location }));
  const taxed = await taxOrder(tx, settings, { currency: input.currency, buyer, lines }, now.toISOString().slice(0, 10));
  const seated = new Set(catalog.filter((p) => p.capacity !== null).map((p) => p.sku));
  const { order, errors } = totalOrder(untaxed.lines, taxed, input.currency, settings.pricesIncludeTax, seated);
  if (taxed.errors.length + errors.length > 0) throw unprocessable('order_not_possible', 'Some items cannot be ordered as asked.', [...taxed.errors, ...errors]);
  return { priced: order, taxNote: taxed.note };
}

export class OrderNotFound extends AppError {
  constructor() {
    super(404, 'order_not_found', 'Not found', { detail: 'No such order.' });
  }
}

/** The 401 for an order token that opens nothing: the same whatever the reason, so it never
 * tells whether the order exists. */
export const orderTokenRefused = () => unauthorized('Send the order_token you received when ordering.');

/** The order a verified order token opens. Once the person's data is erased or pseudonymised
 * the token, like every link that carried it, opens nothing: it was issued to that person. */
export async function getOrderForShopper(deps: Pick<OrdersDeps, 'db'>, id: string): Promise<{ order: OrderRow; view: OrderView }> {
  const order = await findOrderById(deps.db, id);
  if (!order) throw new OrderNotFound();
  if (order.erased_at) throw orderTokenRefused();
  return { order, view: toOrderView(order, await findOrderItems(deps.db, id)) };
}
