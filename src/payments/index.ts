export { recordPayment, type PaymentInput } from './ledger';
export { findPaymentByReference, findPaymentsForOrder, findPaymentsForOrders, scrubPaymentReferences } from './payments.repository';
export type { PaymentMethodProvider, PaymentMethods } from './payment-method';
export { cardProvider, createStripeClient } from './card';
export { offlineProvider, newPaymentReference, paymentInstructions } from './offline';
export { PAYMENT_RECORD_METHODS, type PaymentRecordMethod, type PaymentRow } from './payments.table';
export { countCardPayment, countPayment, type PaymentPath } from './payments.metrics';
