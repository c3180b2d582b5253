/** charge, in the current API's field set (template: Stripe's fixture). A charge is created for
 * every payment attempt: succeeded, failed (declined) or pending (bank payment not settled yet). */
import type Stripe from 'stripe';
import { newId } from '../ids';
import { type Instrument, paymentMethodDetails } from './payment-method';

export interface ChargeInput {
  created: number;
  paymentIntent: Stripe.PaymentIntent;
  paymentMethodId: string;
  instrument: Instrument;
  billingEmail: string | null;
}

const OUTCOMES: Record<Instrument, Stripe.Charge.Outcome> = {
  card_ok: outcome('approved_by_network', null, 'Payment complete.', 'authorized'),
  card_declined: outcome('declined_by_network', 'generic_decline', 'The bank did not return any further details with this decline.', 'issuer_declined'),
  bank_later: outcome('approved_by_network', null, 'Payment complete.', 'authorized'),
};

function outcome(networkStatus: string, reason: string | null, sellerMessage: string, type: string): Stripe.Charge.Outcome {
  return {
    advice_code: null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: networkStatus,
    reason,
    risk_level: 'normal',
    risk_score: 20,
    seller_message: sellerMessage,
    type,
  };
}

export function buildCharge(input: ChargeInput): Stripe.Charge {
  const pi = input.paymentIntent;
  const id = newId('ch', 24);
  const declined = input.instrument === 'card_declined';
  const pending = input.instrument === 'bank_later';
  return {
    id,
    object: 'charge',
    amount: pi.amount,
    amount_captured: declined || pending ? 0 : pi.amount,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: declined || pending ? null : newId('txn', 24),
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: input.billingEmail,
      name: null,
      phone: null,
      tax_id: null,
    },
    calculated_statement_descriptor: pi.statement_descriptor ?? 'HANDOFF SANDBOX',
    captured: !declined && !pending,
    created: input.created,
    currency: pi.currency,
    customer: null,
    description: pi.description,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: declined ? 'card_declined' : null,
    failure_message: declined ? 'Your card was declined.' : null,
    fraud_details: {},
    livemode: false,
    metadata: { ...pi.metadata },
    on_behalf_of: null,
    outcome: OUTCOMES[input.instrument],
    paid: !declined && !pending,
    payment_intent: pi.id,
    payment_method: input.paymentMethodId,
    payment_method_details: paymentMethodDetails(input.instrument),
    receipt_email: pi.receipt_email,
    receipt_number: null,
    receipt_url: null,
    refunded: false,
    review: null,
    shipping: null,
    source: null,
    source_transfer: null,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    status: declined ? 'failed' : pending ? 'pending' : 'succeeded',
    transfer_data: null,
    transfer_group: null,
  };
}
