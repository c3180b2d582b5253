export type { CardAction, CardOutcome, CardResult, OrderClaim, ProcessorPayment } from './card-action';
export { actionForStripeEvent, actionForSession, actionForCharge, MALFORMED } from './stripe-actions';
export { applyCardAction, finaliseCardAction } from './card-finaliser';
export { registerCardJobs, reconcileCardOrder, sweepPendingCardOrders, RECONCILE_JOB, type CardJobsDeps } from './card.jobs';
export { cardProvider } from './card.provider';
export { createStripeClient } from './stripe-client';
