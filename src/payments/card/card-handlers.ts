import { insertHistory, moveOrder, releaseOrderSeats, updateOrder, type OrderRow } from '../../orders';
import { applyRefundTotal, queueAutoRefund } from '../../refunds';
import { recordPayment, type PaymentInput } from '../ledger';
import type { CardAction, CardOutcome, ProcessorPayment } from './card-action';
import { isPaymentRecorded } from '../payments.repository';
import { flagOrder } from './card-flag';
import { onDisputeClosed } from './card-disputes';
import type { Tx } from '../../database';

/** What each action does to an order whose row the caller has locked and whose claims it checked. */
type Handler<T extends CardAction['type']> = (tx: Tx, order: OrderRow, action: Extract<CardAction, { type: T }>, actor: string) => Promise<CardOutcome>;

export const HANDLERS: { [T in CardAction['type']]: Handler<T> } = {
  paid: async (tx, order, a, actor) => (await takePayment(tx, order, a.payment, actor, 0)).outcome,
  processing: onProcessing,
  payment_failed: onPaymentFailed,
  session_expired: (tx, order, _a, actor) => endHold(tx, order, actor, { reason: 'session_expired' }),
  refunded: onRefunded,
  disputed: onDisputed,
  dispute_closed: onDisputeClosed,
  none: async () => 'no_change',
};

/** Records money the processor confirms, once per PaymentIntent, if it is exactly what we asked. */
async function takePayment(tx: Tx, order: OrderRow, p: ProcessorPayment, actor: string, refundedAlready: number): Promise<{ outcome: CardOutcome; order: OrderRow }> {
  if (p.currency !== order.currency || p.amount !== order.total) {
    const received = { amount: p.amount, currency: p.currency };
    const flagged = await flagOrder(tx, order, 'amount_mismatch', actor, {
      expected: { amount: order.total, currency: order.currency },
      received,
      payment_intent: p.paymentIntent,
    });
    return { outcome: 'flagged', order: flagged };
  }
  const input: PaymentInput = { amount: p.amount, currency: p.currency, method: 'card', processorPaymentIntent: p.paymentIntent, processorCharge: p.charge ?? null, actor };
  if (order.status === 'pending_payment') {
    const taken = await recordPayment(tx, order, input);
    return { outcome: taken.recorded ? 'paid' : 'already_recorded', order: taken.order };
  }
  if (await isPaymentRecorded(tx, p.paymentIntent)) return { outcome: 'already_recorded', order };
  return refuseLatePayment(tx, order, p, input, refundedAlready, actor);
}

/** Money for an order we can no longer deliver (expired or cancelled with its seats given back, or
 * already paid by another payment) goes back to the shopper, and staff are told. It is recorded
 * when the order's books have room for it, so the refund that follows balances them. */
async function refuseLatePayment(tx: Tx, order: OrderRow, p: ProcessorPayment, input: PaymentInput, refundedAlready: number, actor: string) {
  let current = order;
  if (order.amount_paid + p.amount <= order.total) current = (await recordPayment(tx, order, input)).order;
  const owed = p.amount - refundedAlready;
  if (owed > 0) await queueAutoRefund(tx, { orderId: order.id, amount: owed, currency: p.currency, method: 'card', reference: p.paymentIntent });
  const reason = order.amount_paid > 0 ? 'duplicate_payment' : 'payment_for_closed_order';
  current = await flagOrder(tx, current, reason, actor, { status: order.status, payment_intent: p.paymentIntent, amount: p.amount, refund_queued: Math.max(0, owed) });
  return { outcome: 'unfulfillable_refund_queued' as const, order: current };
}

/** A delayed method (bank debit) was accepted and settles later; the order keeps its seats. */
async function onProcessing(tx: Tx, order: OrderRow, a: Extract<CardAction, { type: 'processing' }>, actor: string): Promise<CardOutcome> {
  if (order.status !== 'pending_payment' || !a.paymentIntent || order.processor_payment_intent === a.paymentIntent) return 'no_change';
  await updateOrder(tx, order.id, { processor_payment_intent: a.paymentIntent });
  await insertHistory(tx, { orderId: order.id, actor, event: 'payment_processing', detail: { payment_intent: a.paymentIntent } });
  return 'processing';
}

/** A declined attempt only goes in the history (the shopper may try again until the session ends);
 * a delayed payment that fails after the session completed ends the hold. */
async function onPaymentFailed(tx: Tx, order: OrderRow, a: Extract<CardAction, { type: 'payment_failed' }>, actor: string): Promise<CardOutcome> {
  if (order.status !== 'pending_payment') return 'no_change';
  if (a.final) return endHold(tx, order, actor, { reason: 'payment_failed', code: a.code });
  await insertHistory(tx, { orderId: order.id, actor, event: 'payment_attempt_failed', detail: { code: a.code } });
  return 'attempt_failed';
}

/** Unpaid and over: expired, seats back. A late message for a paid order moves nothing. */
async function endHold(tx: Tx, order: OrderRow, actor: string, detail: Record<string, unknown>): Promise<CardOutcome> {
  const { moved, order: expired } = await moveOrder(tx, order, 'expired', actor, detail);
  if (!moved) return 'no_change';
  await releaseOrderSeats(tx, expired);
  return 'expired';
}

async function onRefunded(tx: Tx, order: OrderRow, a: Extract<CardAction, { type: 'refunded' }>, actor: string): Promise<CardOutcome> {
  let current = order;
  if (!(await isPaymentRecorded(tx, a.payment.paymentIntent))) {
    if (!a.succeeded) return 'no_change';
    // The refund overtook the message about the payment: the charge proves the payment as well.
    const taken = await takePayment(tx, order, a.payment, actor, a.refundedTotal);
    if (taken.outcome === 'flagged') return 'flagged';
    current = taken.order;
  }
  if (current.processor_payment_intent !== a.payment.paymentIntent) {
    await insertHistory(tx, {
      orderId: order.id,
      actor,
      event: 'refund_of_unrecorded_payment',
      detail: { payment_intent: a.payment.paymentIntent, refunded_total: a.refundedTotal },
    });
    return 'no_change';
  }
  const updated = await applyRefundTotal(tx, current, a.refundedTotal, actor);
  if (updated.amount_refunded === current.amount_refunded) return 'no_change';
  await insertHistory(tx, {
    orderId: order.id,
    actor,
    event: 'refund_recorded',
    detail: { amount: updated.amount_refunded - current.amount_refunded, amount_refunded: updated.amount_refunded },
  });
  return 'refund_applied';
}

/** A chargeback: the order is disputed (whatever it was) and staff must answer the bank. */
async function onDisputed(tx: Tx, order: OrderRow, a: Extract<CardAction, { type: 'disputed' }>, actor: string): Promise<CardOutcome> {
  const detail = { amount: a.amount, currency: a.currency, dispute_reason: a.reason };
  const { moved, order: current } = await moveOrder(tx, order, 'disputed', actor, detail);
  await flagOrder(tx, current, 'dispute', actor, detail);
  return moved ? 'disputed' : 'flagged';
}
