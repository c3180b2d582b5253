import { randomInt } from 'node:crypto';
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
  };
}
