export { salesDeskRoutes } from './sales-desk.routes';
export { registerSalesDeskJobs } from './sales-desk.jobs';
export { notifyOfflineOrderCreated } from './offline-order-created';
export { expireOverdueOfflineOrders } from './offline-expiry';
