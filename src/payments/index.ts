export { recordPayment, type PaymentInput } from './ledger';
export { findPaymentByReference, findPaymentsForOrder, findPaymentsForOrders, scrubPaymentReferences } from './payments.repository';
export type { PaymentMethodProvider, PaymentMethods } from './payment-method';
export { cardProvider } from './card/card.provider';
export { offlineProvider, newPaymentReference, paymentInstructions } from './offline/offline.provider';
export { createStripeClient } from './card/stripe-client';
export { PAYMENT_RECORD_METHODS, type PaymentRecordMethod, type PaymentRow } from './payments.table';
