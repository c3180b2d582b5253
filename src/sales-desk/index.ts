export { salesDeskRoutes } from './sales-desk.routes';
export { registerSalesDeskJobs } from './sales-desk.jobs';
export { notifyOfflineOrderCreated } from './offline-order-created';
export { expireOverdueOfflineOrders } from './offline-expiry';
export { listQueue, getStaffOrder, type QueueRequest } from './staff-orders.service';
export { recordOfflinePayment, cancelOfflineOrder } from './offline-orders.service';
export { extendHold, clearFlag } from './order-follow-up.service';
export {
  queueQuery,
  recordPaymentBody,
  cancelBody,
  extendHoldBody,
  clearFlagBody,
  MAX_HOLD_DAYS,
  OFFLINE_PAYMENT_METHODS,
  type StaffOrderDetail,
  type StaffOrderView,
} from './sales-desk.schemas';
