import { sql } from 'kysely';
import type { Db, Tx } from '../../shared/db';
import type { OrderClaim } from './card-action';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The order a processor message is about: by the session or PaymentIntent we stored, else by the
 * order id the message names (a session whose id we failed to store is still ours). Unlocked: the
 * caller locks the row it gets. */
export async function findOrderIdForClaim(db: Db | Tx, claim: OrderClaim): Promise<string | undefined> {
  if (claim.sessionId) {
    const row = await db.selectFrom('orders').select('id').where('processor_session_id', '=', claim.sessionId).executeTakeFirst();
    if (row) return row.id;
  }
  if (claim.paymentIntent) {
    const row = await db.selectFrom('orders').select('id').where('processor_payment_intent', '=', claim.paymentIntent).executeTakeFirst();
    if (row) return row.id;
  }
  const named = [claim.referenceOrderId, claim.metadataOrderId].find((id): id is string => !!id && UUID.test(id));
  if (!named) return undefined;
  return (await db.selectFrom('orders').select('id').where('id', '=', named).executeTakeFirst())?.id;
}

export async function isPaymentRecorded(db: Db | Tx, paymentIntent: string): Promise<boolean> {
  const row = await db.selectFrom('payments').select('id').where('processor_payment_intent', '=', paymentIntent).executeTakeFirst();
  return row !== undefined;
}

/** Card orders still waiting for the processor after `ageSeconds`, oldest first. */
export async function listPendingCardOrders(db: Db, ageSeconds: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('orders')
    .select('id')
    .where('status', '=', 'pending_payment')
    .where('payment_method', '=', 'card')
    .where('created_at', '<=', sql<Date>`now() - ${`${ageSeconds} seconds`}::interval`)
    .orderBy('created_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
