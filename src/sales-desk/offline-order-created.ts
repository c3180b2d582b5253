import { queueEmail } from '../notifications';
import type { OrderCreatedHook } from '../orders';

/** Runs in the transaction that creates the order: a shopper paying via sales gets the payment
 * instructions by email, and the sales team hears of the new order. */
export const notifyOfflineOrderCreated: OrderCreatedHook = async (tx, order) => {
  if (order.status !== 'awaiting_offline_payment') return;
  await queueEmail(tx, order.id, { kind: 'order_received' });
  await queueEmail(tx, order.id, { kind: 'sales_new_order' });
};
