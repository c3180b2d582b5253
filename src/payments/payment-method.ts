import type { OrderPaymentMethod, PaymentMethod } from '../orders';
import type { RefundMethod } from '../refunds';

/** One contract for every way to pay, card and pay-via-sales alike. Each capability that uses a
 * payment method declares the part it needs (orders: starting a payment; refunds: giving money
 * back), so the arrows point from payments to them and nobody else branches on the method. */
export interface PaymentMethodProvider extends OrderPaymentMethod, RefundMethod {}

export type PaymentMethods = Record<PaymentMethod, PaymentMethodProvider>;
