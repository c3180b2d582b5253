/** dispute, in the current API's field set (template: Stripe's fixture): a chargeback opened by
 * the cardholder's bank, waiting for the merchant's response. */
import type Stripe from 'stripe';
import { newId } from '../ids';

export interface DisputeInput {
  created: number;
  charge: Stripe.Charge;
  amount: number;
  reason: string;
}

const EVIDENCE_FIELDS = [
  'access_activity_log',
  'billing_address',
  'cancellation_policy',
  'cancellation_policy_disclosure',
  'cancellation_rebuttal',
  'customer_communication',
  'customer_email_address',
  'customer_name',
  'customer_purchase_ip',
  'customer_signature',
  'duplicate_charge_documentation',
  'duplicate_charge_explanation',
  'duplicate_charge_id',
  'product_description',
  'receipt',
  'refund_policy',
  'refund_policy_disclosure',
  'refund_refusal_explanation',
  'service_date',
  'service_documentation',
  'shipping_address',
  'shipping_carrier',
  'shipping_date',
  'shipping_documentation',
  'shipping_tracking_number',
  'uncategorized_file',
  'uncategorized_text',
] as const;

const SEVEN_DAYS = 7 * 86_400;

export function buildDispute(input: DisputeInput): Stripe.Dispute {
  const evidence = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, null]));
  return {
    id: newId('du', 24),
    object: 'dispute',
    amount: input.amount,
    balance_transactions: [],
    charge: input.charge.id,
    created: input.created,
    currency: input.charge.currency,
    enhanced_eligibility_types: [],
    evidence: { ...evidence, enhanced_evidence: {} } as Stripe.Dispute.Evidence,
    evidence_details: {
      due_by: input.created + SEVEN_DAYS,
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: false,
    livemode: false,
    metadata: {},
    network_reason_code: input.reason === 'fraudulent' ? '10.4' : null,
    payment_intent: input.charge.payment_intent,
    payment_method_details: { type: 'card', card: { brand: 'visa', case_type: 'chargeback', network: 'visa', network_reason_code: '10.4' } },
    reason: input.reason,
    status: 'needs_response',
  };
}
