import type { OrderRow } from '../orders';
import { AppError, unprocessable } from '../shared/errors';
import { formatMinor } from '../shared/money';
import type { RefundMethod, RefundTerms } from './refund-method';
import type { RefundAnswer, RefundInput } from './refunds.schemas';
import type { RefundRow } from './refunds.table';
import { iso } from '../shared/time';

/** Money may go back only from an order that holds it; a disputed one is with the bank. */
const REFUNDABLE_STATUSES = new Set(['paid', 'partially_refunded']);

export const refundable = (order: OrderRow, pending: number): number => Math.max(0, order.amount_paid - order.amount_refunded - pending);

/**
 * Checks a refund request against the locked order, with the order's payment method checking its
 * own fields, and returns how the refund is written. Pending refunds count as spent: two requests
 * at once cannot together refund more than was paid.
 */
export function checkRefundable(order: OrderRow, pending: number, input: RefundInput, method: RefundMethod): RefundTerms {
  if (!REFUNDABLE_STATUSES.has(order.status)) {
    throw unprocessable('order_not_refundable', `An order in status ${order.status} cannot be refunded; only paid and partially refunded ones can.`);
  }
  const terms = method.refundTerms(order, input);
  const left = refundable(order, pending);
  if (input.amount > left) {
    const message = left === 0 ? 'Nothing is left to refund.' : `At most ${formatMinor(left, order.currency)} ${order.currency} (${left}) can be refunded.`;
    throw new AppError(422, 'amount_exceeds_refundable', 'Unprocessable content', {
      detail: 'The amount is more than what is left to refund (paid − refunded − pending refunds).',
      errors: [{ path: 'amount', message }],
      extra: { refundable: left },
    });
  }
  return terms;
}

export function refundView(r: RefundRow, order: OrderRow, pending: number): RefundAnswer {
  return {
    refund: {
      id: r.id,
      order_id: r.order_id,
      amount: r.amount,
      currency: r.currency,
      status: r.status,
      method: r.method,
      reference: r.reference,
      reason: r.reason,
      processor_refund_id: r.processor_refund_id,
      requested_by: r.requested_by,
      created_at: iso(r.created_at),
      settled_at: iso(r.settled_at),
    },
    order: {
      id: order.id,
      number: order.number,
      status: order.status,
      currency: order.currency,
      amount_paid: order.amount_paid,
      amount_refunded: order.amount_refunded,
      refundable: refundable(order, pending),
    },
  };
}
