export { refundRoutes } from './refunds.routes';
export { registerRefundJobs, queueAutoRefund } from './refunds.jobs';
export { applyRefundTotal } from './order-refunds';
export type { RefundGiven, RefundMethod, RefundOutcome, RefundTerms } from './refund-method';
export type { RefundRow } from './refunds.table';
export { findRefundsForOrder, findRefundsForOrders, scrubRefundText } from './refunds.repository';
export { requestRefund, refundQuote, checkRefundQuote, type RefundDeps, type RefundQuote } from './refunds.service';
export { countRefund } from './refunds.metrics';
export { refundBody, OFFLINE_REFUND_METHODS, type RefundInput } from './refunds.schemas';
