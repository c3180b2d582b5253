export { ordersRoutes, type OrdersRouteDeps } from './orders.routes';
export { placeOrder, getOrderForShopper, OrderNotFound, type OrderCreatedHook, type OrderMeta, type OrdersDeps } from './orders.service';
export { findOrderById, findOrderBySessionId, findOrderItems, lockOrderForUpdate, updateOrder, insertHistory } from './orders.repository';
export { canMove, isAwaitingPayment, settledStatus } from './order-status';
export { toOrderView } from './order-view';
export { ORDER_STATUSES, PAYMENT_METHODS, type OrderRow, type OrderItemRow, type OrderStatus, type PaymentMethod } from './orders.table';
export { orderItemView, type CreateOrderInput, type NextStep, type OrderView } from './orders.schemas';
