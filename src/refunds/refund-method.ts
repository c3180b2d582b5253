import type { OrderRow, PaymentMethod } from '../orders';
import type { RefundRow } from './refunds.table';

/** What staff said about how the money went back, when they moved it themselves. */
export interface RefundGiven {
  method?: string | undefined;
  reference?: string | undefined;
}

/** How a refund is written. `settled`: the money went back outside the system already (staff say
 * how), so the refund is done when written; else it stays pending until `refund()` has moved it. */
export interface RefundTerms {
  method: string;
  reference: string | null;
  settled: boolean;
}

export type RefundOutcome =
  /** The money went back. `refundedTotal`: all the order's payment has had refunded, this refund
   * included, as the method counts it: absolute, so a refund that a webhook brought in first is not
   * counted twice. Null when the money came from a payment the order does not count (a second
   * payment for an order already paid): the order's books stay as they are. */
  | { kind: 'accepted'; processorRefundId: string | null; refundedTotal: number | null }
  /** The method said no (already refunded on its side, disputed, ...): retrying will not help. */
  | { kind: 'refused'; code: string };

/** The part of a payment method that refunds uses; payments implements it, and the rest of
 * refunds never asks which method an order was paid with. */
export interface RefundMethod {
  /** Checks what staff gave against this method before anything is written (422 naming the
   * fields) and says how the refund is written. */
  refundTerms(order: OrderRow, given: RefundGiven): RefundTerms;
  /** Moves the money of a pending refund, outside any transaction. Safe to repeat for the same
   * refund (a retry, the sweep and the job may all try it): it never moves the money twice. A
   * method that does not answer throws a 503; the refund stays pending for a retry. */
  refund(order: OrderRow, refund: RefundRow): Promise<RefundOutcome>;
}

export type RefundMethods = Record<PaymentMethod, RefundMethod>;
