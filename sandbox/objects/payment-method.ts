/** The test instruments behind the hosted page's buttons: a Visa ending 4242 (succeeds), a Visa
 * ending 0002 (declined, as Stripe's test card), and a US bank account that settles later. Only
 * what Stripe itself returns about an instrument (brand, last four, expiry) ever appears. */
import type Stripe from 'stripe';
import { newId } from '../ids';

export type Instrument = 'card_ok' | 'card_declined' | 'bank_later';

const EXP_YEAR = new Date().getUTCFullYear() + 3;

function card(last4: string): Stripe.Charge.PaymentMethodDetails.Card {
  return {
    amount_authorized: null,
    authorization_code: null,
    brand: 'visa',
    checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: 'pass' },
    country: 'US',
    electronic_commerce_indicator: null,
    exp_month: 12,
    exp_year: EXP_YEAR,
    fingerprint: `sbx${last4}fingerprnt`,
    funding: 'credit',
    installments: null,
    last4,
    mandate: null,
    network: 'visa',
    network_token: { used: false },
    network_transaction_id: null,
    regulated_status: 'unregulated',
    three_d_secure: null,
    transaction_link_id: null,
    wallet: null,
  };
}

function bankAccount(): Stripe.Charge.PaymentMethodDetails.UsBankAccount {
  return {
    account_holder_type: 'individual',
    account_type: 'checking',
    bank_name: 'STRIPE TEST BANK',
    fingerprint: 'sbxbankfingerprnt',
    last4: '6789',
    payment_reference: null,
    routing_number: '110000000',
  };
}

export function paymentMethodDetails(instrument: Instrument): Stripe.Charge.PaymentMethodDetails {
  if (instrument === 'bank_later') return { type: 'us_bank_account', us_bank_account: bankAccount() };
  return { type: 'card', card: card(instrument === 'card_ok' ? '4242' : '0002') };
}

export function paymentMethodType(instrument: Instrument): string {
  return instrument === 'bank_later' ? 'us_bank_account' : 'card';
}

export const newPaymentMethodId = (): string => newId('pm', 24);
