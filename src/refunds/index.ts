export { refundRoutes, type RefundRouteDeps } from './refunds.routes';
export { registerRefundJobs, queueAutoRefund, type AutoRefund } from './refunds.jobs';
export { applyRefundTotal } from './order-refunds';
export type { RefundGiven, RefundMethod, RefundMethods, RefundOutcome, RefundTerms } from './refund-method';
export type { RefundRow } from './refunds.table';
