export { staffRoutes, type StaffRouteDeps } from './staff.routes';
export { registerSalesJobs } from './staff.jobs';
export { notifyOfflineOrderCreated } from './offline-order-created';
export { expireOverdueOfflineOrders, PARTLY_PAID_HOLD_EXPIRED } from './offline-expiry';
export { openStaffVerifier } from './staff-verifier';
export { staffActor } from './actor';
