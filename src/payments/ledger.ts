import { recordOrderEvent } from '../merchant-webhooks';
import { queueDelivery } from '../fulfilment';
import { canMove, insertHistory, settledStatus, updateOrder, type OrderRow } from '../orders';
import { issueInvoice } from '../invoicing';
import { queueEmail } from '../notifications';
import { findPaymentsForOrder, insertPayment } from './payments.repository';
import type { PaymentRecordMethod } from './payments.table';
import type { Tx } from '../database';

export interface PaymentInput {
  amount: number;
  currency: string;
  method: PaymentRecordMethod;
  reference?: string | null;
  /** The processor's PaymentIntent: unique, so a payment seen by the webhook, the return page and
   * the sweep is recorded once. */
  processorPaymentIntent?: string | null;
  processorCharge?: string | null;
  actor: string;
}

/** Records money received on an order the caller has locked, and moves it to `paid` once the
 * total is reached. Returns `recorded: false` when this processor payment was recorded already. */
export async function recordPayment(tx: Tx, order: OrderRow, p: PaymentInput): Promise<{ recorded: boolean; order: OrderRow }> {
  const paymentId = await insertPayment(tx, {
    orderId: order.id,
    amount: p.amount,
    currency: p.currency,
    method: p.method,
    reference: p.reference ?? null,
    processorPaymentIntent: p.processorPaymentIntent ?? null,
    recordedBy: p.actor,
  });
  if (paymentId === undefined) return { recorded: false, order };
  const amountPaid = order.amount_paid + p.amount;
  // One update: the amounts, the processor's references and, once the total is reached, `paid`.
  const becomesPaid = settledStatus(order.total, amountPaid, order.amount_refunded) === 'paid' && canMove(order.status, 'paid');
  const updated = await updateOrder(tx, order.id, {
    amount_paid: amountPaid,
    ...(p.processorPaymentIntent ? { processor_payment_intent: p.processorPaymentIntent } : {}),
    ...(p.processorCharge ? { processor_charge: p.processorCharge } : {}),
    ...(becomesPaid ? { status: 'paid' as const, paid_at: order.paid_at ?? new Date() } : {}),
  });
  const recorded = { orderId: order.id, actor: p.actor, event: 'payment_recorded', detail: { payment_id: paymentId, amount: p.amount, method: p.method } };
  await insertHistory(tx, becomesPaid ? [recorded, { orderId: order.id, actor: p.actor, event: 'status_changed', from: order.status, to: 'paid' }] : recorded);
  if (becomesPaid) {
    // Every path to paid (webhook, return page, sweep, staff payment) comes through here, once.
    await recordOrderEvent(tx, 'order.paid', updated);
    await queueReceipt(tx, updated);
    // Every path that marks an order paid passes here: delivery is queued once, with the payment.
    await queueDelivery(tx, order.id);
    // In this transaction: the invoice number is taken if and only if the payment commits.
    await issueInvoice(tx, updated);
  }
  return { recorded: true, order: updated };
}

/** Every buyer's receipt, card or pay-via-sales, once per order: how it was paid comes with it
 * (method, amount, day; no references, which may name people). */
async function queueReceipt(tx: Tx, order: OrderRow): Promise<void> {
  const paidBy = (await findPaymentsForOrder(tx, order.id)).map((p) => ({ method: p.method, amount: p.amount, at: new Date(p.created_at).toISOString() }));
  await queueEmail(tx, order.id, { kind: 'order_paid', detail: { paid_by: paidBy } });
}
