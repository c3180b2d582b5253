export { ordersRoutes, type OrdersRouteDeps } from './orders.routes';
export { placeOrder, getOrderForShopper, OrderNotFound, orderTokenRefused, type OrderCreatedHook, type OrderMeta, type OrdersDeps } from './orders.service';
export {
  findOrderById,
  findOrderBySessionId,
  findOrderIdBy,
  findOrderItems,
  findItemsForOrders,
  findHistoryForOrder,
  findHistoryForOrders,
  findOrdersByEmail,
  findOverdueOfflineOrderIds,
  findPendingCardOrderIds,
  listOrdersNewestFirst,
  lockOrderForUpdate,
  lockOrderBySession,
  lockOrdersOfEmail,
  lockOrdersDueForRetention,
  pseudonymiseOrders,
  scrubOrderHistory,
  updateOrder,
  updateOrderIfUnchanged,
  insertHistory,
  type OrderFilter,
  type OrderPersonalFields,
  type OrderPosition,
} from './orders.repository';
export { canMove, isAwaitingPayment, settledStatus } from './order-status';
export { moveOrder, releaseOrderSeats } from './order-moves';
export type { OrderPaymentMethod } from './order-payment';
export { toOrderView } from './order-view';
export { ORDER_STATUSES, PAYMENT_METHODS, type OrderRow, type OrderItemRow, type OrderStatus, type PaymentMethod } from './orders.table';
export { createOrderBody, orderView, type CreateOrderInput, type NextStep, type OrderView } from './orders.schemas';
