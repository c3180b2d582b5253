import { businessCounter } from '../shared/business-metrics';

/** Which way a payment reached the books. */
export type PaymentPath = 'webhook' | 'return' | 'sweep' | 'staff';

const paymentsRecorded = businessCounter(
  'payments_recorded_total',
  'Payments recorded on orders (after commit), by the path that recorded them first (webhook, return, sweep, staff) and payment method',
  ['path', 'method'],
);

export const countPayment = (path: PaymentPath, method: string) => paymentsRecorded.inc({ path, method });

/** A processor message's result counts when it recorded the money (not when another path had). */
export function countCardPayment(path: PaymentPath, outcome: string): void {
  if (outcome === 'paid') countPayment(path, 'card');
}
