import type { NextStep } from './orders.schemas';
import type { OrderItemRow, OrderRow, OrderStatus, PaymentMethod } from './orders.table';

/** What placing an order needs from a payment method (payments implements it). The order use case
 * never branches on the method: it asks the method for the order's first status and hold time,
 * writes the order, then (outside any transaction) asks the method for the shopper's next step. */
export interface OrderPaymentMethod {
  readonly method: PaymentMethod;
  readonly initialStatus: OrderStatus;
  /** When an unpaid order stops holding its seats. */
  holdUntil(now: Date): Date;
  /** Fields set on the order row when it is created (e.g. the offline payment reference). */
  creationFields(): Partial<Pick<OrderRow, 'offline_reference'>>;
  /** Runs after the order commits, outside any transaction; must be safe to repeat for the same
   * order (a retry resumes it). May call the network. Returns what the shopper does next and any
   * processor reference to store on the order. */
  start(order: OrderRow, items: OrderItemRow[]): Promise<{ next: NextStep; processorSessionId?: string }>;
  /** The next step for an order that already started (a replay after a lost answer). */
  resume?(order: OrderRow): Promise<NextStep | undefined>;
}

export type OrderPaymentMethods = Record<PaymentMethod, OrderPaymentMethod>;
