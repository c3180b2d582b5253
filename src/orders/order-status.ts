import type { OrderStatus } from './orders.table';

/** States only move forward. A late or repeated event that asks for a move not listed here is a
 * no-op (a late `expired` never undoes `paid`). */
const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'expired', 'cancelled', 'disputed'],
  awaiting_offline_payment: ['paid', 'expired', 'cancelled'],
  paid: ['partially_refunded', 'refunded', 'disputed'],
  partially_refunded: ['refunded', 'disputed'],
  disputed: ['paid', 'partially_refunded', 'refunded'],
  refunded: [],
  expired: [],
  cancelled: [],
};

export function canMove(from: OrderStatus, to: OrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Unpaid orders hold seats and can still be paid, cancelled or expired. */
export function isAwaitingPayment(status: OrderStatus): boolean {
  return status === 'pending_payment' || status === 'awaiting_offline_payment';
}

/** The status an order's amounts call for once it has been paid. */
export function settledStatus(total: number, paid: number, refunded: number): OrderStatus | undefined {
  if (paid < total) return undefined;
  if (refunded === 0) return 'paid';
  return refunded >= paid ? 'refunded' : 'partially_refunded';
}
