export { salesDeskRoutes } from './sales-desk.routes';
export { registerSalesDeskJobs } from './sales-desk.jobs';
export { notifyOfflineOrderCreated } from './offline-order-created';
export { expireOverdueOfflineOrders } from './offline-expiry';
export { listQueue, getStaffOrder, type QueueRequest } from './staff-orders.service';
export { recordOfflinePayment, cancelOfflineOrder } from './offline-orders.service';
export { queueQuery, recordPaymentBody, cancelBody, OFFLINE_PAYMENT_METHODS, type StaffOrderDetail, type StaffOrderView } from './sales-desk.schemas';
