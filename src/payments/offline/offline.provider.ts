import { randomInt } from 'node:crypto';
import type { RefundGiven, RefundTerms } from '../../refunds';
import { unprocessable, type FieldError } from '../../shared/errors';
import type { PaymentMethodProvider } from '../payment-method';

// Crockford-style alphabet without look-alikes (0/O, 1/I/L), so a reference survives being read
// aloud or typed from a bank statement.
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const REFERENCE_LENGTH = 8;

export function newPaymentReference(): string {
  let ref = '';
  for (let i = 0; i < REFERENCE_LENGTH; i++) ref += ALPHABET[randomInt(ALPHABET.length)];
  return `HO-${ref}`;
}

/** The payment instructions shown and emailed for an order: the configured text with its
 * `{reference}` filled in. */
export function paymentInstructions(template: string, reference: string): string {
  return template.replaceAll('{reference}', reference);
}

/** Pay via sales: no processor; the order waits for staff to record the payment. */
export function offlineProvider(opts: { holdDays: number; instructions: string }): PaymentMethodProvider {
  return {
    method: 'sales',
    initialStatus: 'awaiting_offline_payment',
    holdUntil: (now) => new Date(now.getTime() + opts.holdDays * 86_400_000),
    creationFields: () => ({ offline_reference: newPaymentReference() }),
    async start(order) {
      const reference = order.offline_reference!;
      return { next: { type: 'offline', reference, instructions: paymentInstructions(opts.instructions, reference) } };
    },
    refundTerms: (_order, given) => offlineRefundTerms(given),
    // The money went back by hand before staff recorded it (the terms settle it when written):
    // there is nothing left to move.
    refund: async (order, refund) => ({ kind: 'accepted', processorRefundId: null, refundedTotal: order.amount_refunded + refund.amount }),
  };
}

/** Staff send pay-via-sales money back themselves and record how: both fields are required. */
function offlineRefundTerms(given: RefundGiven): RefundTerms {
  const errors: FieldError[] = [];
  if (given.method === undefined) errors.push({ path: 'method', message: 'Required for pay-via-sales orders: how the money went back.' });
  if (given.reference === undefined) errors.push({ path: 'reference', message: 'Required for pay-via-sales orders: the transfer or cheque reference.' });
  if (errors.length > 0) throw unprocessable('refund_fields_invalid', 'Some fields are missing for this order.', errors);
  return { method: given.method!, reference: given.reference!, settled: true };
}
