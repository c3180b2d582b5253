import { randomBytes, randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import { findProductsBySku, type ProductRow } from '../catalog';
import { recordMerchantEvent } from '../merchant-webhooks';
import { queueEmail } from '../notifications';
import { findOrderById, findOrderItems, lockOrderForUpdate, type OrderItemRow, type OrderRow } from '../orders';
import { retryingTransaction } from '../shared/db';
import { insertSeats } from './attendees.repository';
import { fulfilmentEvent } from './fulfilment-events';
import type { AttendeeTable, LicenceTable, TicketTable } from './fulfilment.table';
import { insertLicences } from './licences.repository';
import { applyRevocations } from './revoke';
import { LICENCE_TYP, signToken, TICKET_TYP, type Signer } from './signing';
import { insertTickets } from './tickets.repository';
import type { Db } from '../database';

export interface DeliveryDeps {
  db: Db;
  signer: Signer;
}

interface Plan {
  licences: Array<Insertable<LicenceTable>>;
  tickets: Array<Insertable<TicketTable>>;
  seats: Array<Insertable<AttendeeTable>>;
}

/**
 * The `fulfilment.deliver` job: one licence per software line, one ticket per event seat, one
 * attendee slot per training seat, and one delivery email per kind. Keys are signed before the
 * transaction (no lock held while signing); the rows go in under the order's lock with unique
 * constraints, so a job run twice, or twice at once, delivers once and the loser's keys are
 * simply dropped. A refund that arrived before this job ran is applied in the same commit.
 */
export async function deliverOrder(deps: DeliveryDeps, orderId: string): Promise<void> {
  const order = await findOrderById(deps.db, orderId);
  if (!order || order.erased_at || order.paid_at === null) return;
  const items = await findOrderItems(deps.db, orderId);
  const products = new Map(
    (
      await findProductsBySku(
        deps.db,
        items.map((i) => i.sku),
      )
    ).map((p) => [p.sku, p]),
  );
  const plan = await planDelivery(deps.signer, order, items, products);
  await retryingTransaction(deps.db, async (tx) => {
    const locked = (await lockOrderForUpdate(tx, orderId))!;
    // The merchant hears of each licence once: only a licence this delivery inserted is news.
    for (const licence of await insertLicences(tx, plan.licences)) await recordMerchantEvent(tx, fulfilmentEvent('licence.issued', licence));
    await insertTickets(tx, plan.tickets);
    await insertSeats(tx, plan.seats);
    if (plan.licences.length > 0) await queueEmail(tx, orderId, { kind: 'licences_delivered' });
    if (plan.tickets.length > 0) await queueEmail(tx, orderId, { kind: 'tickets_delivered' });
    if (plan.seats.length > 0) await queueEmail(tx, orderId, { kind: 'seats_delivered' });
    await applyRevocations(tx, locked, items);
  });
}

async function planDelivery(signer: Signer, order: OrderRow, items: OrderItemRow[], products: Map<string, ProductRow>): Promise<Plan> {
  const plan: Plan = { licences: [], tickets: [], seats: [] };
  const issuedAt = new Date();
  for (const item of items) {
    const product = products.get(item.sku);
    if (product?.kind === 'software') plan.licences.push(await licenceFor(signer, order, item, product, issuedAt));
    if (product?.kind === 'event') {
      for (let seat = 1; seat <= item.quantity; seat++) plan.tickets.push(await ticketFor(signer, order, item, product, seat));
    }
    if (product?.kind === 'training') {
      for (let seat = 1; seat <= item.quantity; seat++) plan.seats.push({ order_id: order.id, line_no: item.line_no, seat_no: seat, sku: item.sku });
    }
  }
  return plan;
}

function addMonths(d: Date, months: number): Date {
  const out = new Date(d);
  out.setUTCMonth(out.getUTCMonth() + months);
  return out;
}

/** The licensee is the company when there is one, else the buyer: what licensed software shows. */
async function licenceFor(signer: Signer, order: OrderRow, item: OrderItemRow, product: ProductRow, issuedAt: Date): Promise<Insertable<LicenceTable>> {
  const id = randomUUID();
  const expiresAt = product.licence_term_months ? addMonths(issuedAt, product.licence_term_months) : null;
  const claims = {
    sub: id,
    jti: id,
    licensee: order.customer_company ?? order.customer_name,
    product: { sku: product.sku, name: product.name },
    quantity: item.quantity,
    order: order.number,
  };
  const key = await signToken(signer, LICENCE_TYP, claims, expiresAt);
  return { id, order_id: order.id, line_no: item.line_no, sku: item.sku, quantity: item.quantity, licence_key: key, issued_at: issuedAt, expires_at: expiresAt };
}

/** Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): read out at a door. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
function ticketCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The QR holds this token; it stays verifiable until two days after the event starts. */
async function ticketFor(signer: Signer, order: OrderRow, item: OrderItemRow, product: ProductRow, seat: number): Promise<Insertable<TicketTable>> {
  const id = randomUUID();
  const code = ticketCode();
  const until = product.starts_at ? new Date(new Date(product.starts_at).getTime() + 2 * 86_400_000) : null;
  const claims = { sub: id, jti: id, code, event: { sku: product.sku, name: product.name }, seat, order: order.number };
  const token = await signToken(signer, TICKET_TYP, claims, until);
  return { id, order_id: order.id, line_no: item.line_no, seat_no: seat, sku: item.sku, code, token };
}
