import { retryingTransaction } from '../../shared/db';
import { findOrderIdBy, lockOrderBySession, lockOrderForUpdate, updateOrder, type OrderRow } from '../../orders';
import { isUuid } from '../../shared/uuid';
import { flagOrder } from './card-flag';
import type { CardAction, CardResult, OrderClaim } from './card-action';
import { HANDLERS } from './card-handlers';
import type { Db, Tx } from '../../database';
import { countCardPayment } from '../payments.metrics';

const MONEY_ACTIONS: ReadonlySet<CardAction['type']> = new Set(['paid', 'refunded', 'disputed', 'dispute_closed']);

/** The one exactly-once path from a processor message to the order, shared by the webhook, the
 * shopper's return and the reconciliation sweep: one short transaction, order row locked, no
 * network. Whoever comes second finds the work done (payments are unique per PaymentIntent,
 * states only move forward, refunds are absolute totals). */
export async function finaliseCardAction(db: Db, action: CardAction, actor: 'shopper_return' | 'reconciler'): Promise<CardResult> {
  const result = await retryingTransaction(db, (tx) => applyCardAction(tx, action, actor));
  countCardPayment(actor === 'shopper_return' ? 'return' : 'sweep', result.outcome);
  return result;
}

/** The same, inside the caller's transaction (the webhook inbox commits with it). */
export async function applyCardAction(tx: Tx, action: CardAction, actor: string): Promise<CardResult> {
  let order = await lockOrderForClaim(tx, action.claim);
  if (!order) return { outcome: 'unmatched' };
  const doubt = provenanceDoubt(order, action.claim);
  if (doubt) {
    // A session that ended unpaid (an orphan made by a retry whose answer was lost, say) or a
    // failed attempt moves no money: nothing for staff. Money that does not match is theirs.
    if (!MONEY_ACTIONS.has(action.type)) return { outcome: 'no_change', orderId: order.id };
    await flagOrder(tx, order, 'order_mismatch', actor, { problem: doubt, session: action.claim.sessionId ?? null, payment_intent: action.claim.paymentIntent ?? null });
    return { outcome: 'flagged', orderId: order.id };
  }
  if (action.claim.sessionId && !order.processor_session_id) {
    // The session was made but storing its id failed; the message proves it is this order's.
    order = await updateOrder(tx, order.id, { processor_session_id: action.claim.sessionId });
  }
  return { outcome: await HANDLERS[action.type](tx, order, action as never, actor), orderId: order.id };
}

/** The order a processor message is about, locked: by the session we stored (one statement, the
 * common case), else by the PaymentIntent we stored, else by the order id the message names (a
 * session whose id we failed to store is still ours). */
async function lockOrderForClaim(tx: Tx, claim: OrderClaim): Promise<OrderRow | undefined> {
  const bySession = claim.sessionId ? await lockOrderBySession(tx, claim.sessionId) : undefined;
  if (bySession) return bySession;
  const byPaymentIntent = claim.paymentIntent ? await findOrderIdBy(tx, { paymentIntent: claim.paymentIntent }) : undefined;
  const named = [claim.referenceOrderId, claim.metadataOrderId].find((id): id is string => !!id && isUuid(id));
  const id = byPaymentIntent ?? (named === undefined ? undefined : await findOrderIdBy(tx, { id: named }));
  return id === undefined ? undefined : lockOrderForUpdate(tx, id);
}

/** Why the message may not be about this order, or undefined when everything it names agrees. */
function provenanceDoubt(order: OrderRow, claim: OrderClaim): string | undefined {
  if (order.payment_method !== 'card') return 'a card payment message names a pay-via-sales order';
  const named = [claim.referenceOrderId, claim.metadataOrderId];
  if (named.some((id) => id != null && id !== order.id)) return 'the message names another order';
  if (claim.requireBothIds && named.some((id) => id == null)) return 'the session does not name its order';
  if (claim.sessionId && order.processor_session_id && claim.sessionId !== order.processor_session_id) {
    return "the session is not the order's session";
  }
  return undefined;
}
