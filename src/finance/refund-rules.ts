import type { OrderRow } from '../orders';
import type { RefundRow } from '../payments';
import { AppError, unprocessable, type FieldError } from '../shared/errors';
import { formatMinor } from '../shared/money';
import type { RefundAnswer, RefundInput } from './refunds.schemas';

export { OrderNotFound } from '../orders';

/** Money may go back only from an order that holds it; a disputed one is with the bank. */
const REFUNDABLE_STATUSES = new Set(['paid', 'partially_refunded']);

export const refundable = (order: OrderRow, pending: number): number => Math.max(0, order.amount_paid - order.amount_refunded - pending);

/**
 * Checks a refund request against the locked order. Returns how an offline refund went back, or
 * undefined for a card order (refunded through the processor). Pending refunds count as spent:
 * two requests at once cannot together refund more than was paid.
 */
export function checkRefundable(order: OrderRow, pending: number, input: RefundInput): { method: string; reference: string } | undefined {
  if (!REFUNDABLE_STATUSES.has(order.status)) {
    throw unprocessable('order_not_refundable', `An order in status ${order.status} cannot be refunded; only paid and partially refunded ones can.`);
  }
  const offline = methodOf(order, input);
  const left = refundable(order, pending);
  if (input.amount > left) {
    const message = left === 0 ? 'Nothing is left to refund.' : `At most ${formatMinor(left, order.currency)} ${order.currency} (${left}) can be refunded.`;
    throw new AppError(422, 'amount_exceeds_refundable', 'Unprocessable content', {
      detail: 'The amount is more than what is left to refund (paid − refunded − pending refunds).',
      errors: [{ path: 'amount', message }],
      extra: { refundable: left },
    });
  }
  return offline;
}

function methodOf(order: OrderRow, input: RefundInput): { method: string; reference: string } | undefined {
  const errors: FieldError[] = [];
  if (order.payment_method === 'card') {
    for (const field of ['method', 'reference'] as const) {
      if (input[field] !== undefined) errors.push({ path: field, message: 'Card orders are refunded through the processor: leave this out.' });
    }
    if (errors.length > 0) throw unprocessable('refund_fields_invalid', 'Some fields do not apply to this order.', errors);
    if (!order.processor_payment_intent) throw unprocessable('order_not_refundable', 'This card order has no processor payment to refund.');
    return undefined;
  }
  if (input.method === undefined) errors.push({ path: 'method', message: 'Required for pay-via-sales orders: how the money went back.' });
  if (input.reference === undefined) errors.push({ path: 'reference', message: 'Required for pay-via-sales orders: the transfer or cheque reference.' });
  if (errors.length > 0) throw unprocessable('refund_fields_invalid', 'Some fields are missing for this order.', errors);
  return { method: input.method!, reference: input.reference! };
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
      created_at: new Date(r.created_at).toISOString(),
      settled_at: r.settled_at ? new Date(r.settled_at).toISOString() : null,
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
