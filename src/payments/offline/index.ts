export { offlineProvider, newPaymentReference, paymentInstructions } from './offline.provider';
