import { queueRevocation } from '../../fulfilment';
import { insertHistory, type OrderRow } from '../../orders';
import type { CardAction, CardOutcome } from './card-action';
import { flagOrder } from './card-flag';
import type { Tx } from '../../database';

/**
 * The bank decided a chargeback. Lost: the money stays with the cardholder, so what was delivered
 * is taken back (licences revoked, tickets refused at the door, seats released) by the revocation
 * job queued in this transaction, once per dispute however many copies arrive; the order stays
 * `disputed` (no refund can follow: the money is gone) and is flagged so staff settle the books.
 * Won: the money is ours again and delivery stands; only the history records it, and staff, who
 * were flagged when the dispute opened, clear the flag.
 */
export async function onDisputeClosed(tx: Tx, order: OrderRow, a: Extract<CardAction, { type: 'dispute_closed' }>, actor: string): Promise<CardOutcome> {
  const detail = { dispute: a.disputeId, status: a.status, amount: a.amount, currency: a.currency };
  await insertHistory(tx, { orderId: order.id, actor, event: 'dispute_closed', detail });
  if (!a.lost) return 'dispute_won';
  await flagOrder(tx, order, 'dispute_lost', actor, detail);
  await queueRevocation(tx, order.id, `dispute_lost:${a.disputeId}`);
  return 'dispute_lost';
}
