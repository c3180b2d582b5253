/** refund, in the current API's field set (template: Stripe's fixture). */
import type Stripe from 'stripe';
import { newId, randomToken } from '../ids';

export interface RefundInput {
  created: number;
  amount: number;
  charge: Stripe.Charge;
  reason: Stripe.Refund.Reason | null;
  metadata: Record<string, string>;
}

export function buildRefund(input: RefundInput): Stripe.Refund {
  const card = input.charge.payment_method_details?.type === 'card';
  return {
    id: newId('re', 24),
    object: 'refund',
    amount: input.amount,
    balance_transaction: newId('txn', 24),
    charge: input.charge.id,
    created: input.created,
    currency: input.charge.currency,
    customer: null,
    customer_account: null,
    destination_details: card
      ? { type: 'card', card: { reference: randomToken(12), reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' } }
      : { type: 'us_bank_transfer', us_bank_transfer: { reference: null, reference_status: null } },
    metadata: input.metadata,
    payment_intent: typeof input.charge.payment_intent === 'string' ? input.charge.payment_intent : null,
    payment_method: input.charge.payment_method,
    reason: input.reason,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
  };
}
