import type { OrderPaymentMethod, PaymentMethod } from '../orders';

/** One contract for every way to pay. Each capability that uses a payment method declares the part
 * it needs (orders: starting a payment), so the arrows point from payments to them. */
export type PaymentMethodProvider = OrderPaymentMethod;

export type PaymentMethods = Record<PaymentMethod, PaymentMethodProvider>;
