/** The sandbox's state, in memory: it is development tooling and starts empty each run. Objects are
 * kept in the exact shape the API answers, with expandable fields as ids; responses are copies. */
import type Stripe from 'stripe';

export interface PaymentIntentData {
  metadata: Record<string, string>;
  description: string | null;
  receipt_email: string | null;
  statement_descriptor: string | null;
  statement_descriptor_suffix: string | null;
}

export interface SessionRecord {
  session: Stripe.Checkout.Session;
  lineItems: Stripe.LineItem[];
  paymentIntentData: PaymentIntentData;
  /** Set while a "pay by bank later" payment waits to settle on its own. */
  settleTimer?: NodeJS.Timeout;
}

export type ApiObject = Stripe.Checkout.Session | Stripe.PaymentIntent | Stripe.Charge | Stripe.Refund | Stripe.Dispute | Stripe.Event | Stripe.Price | Stripe.Product;

export class Store {
  readonly sessions = new Map<string, SessionRecord>();
  readonly paymentIntents = new Map<string, Stripe.PaymentIntent>();
  readonly charges = new Map<string, Stripe.Charge>();
  readonly refunds = new Map<string, Stripe.Refund>();
  readonly disputes = new Map<string, Stripe.Dispute>();
  readonly events = new Map<string, Stripe.Event>();
  readonly prices = new Map<string, Stripe.Price>();
  readonly products = new Map<string, Stripe.Product>();

  /** Any stored object by id, for `expand[]`; the prefix says where to look. */
  findById(id: string): ApiObject | undefined {
    if (id.startsWith('cs_')) return this.sessions.get(id)?.session;
    const maps: Record<string, Map<string, ApiObject>> = {
      pi: this.paymentIntents,
      ch: this.charges,
      re: this.refunds,
      du: this.disputes,
      evt: this.events,
      price: this.prices,
      prod: this.products,
    };
    return maps[id.slice(0, id.indexOf('_'))]?.get(id);
  }

  sessionOfPaymentIntent(paymentIntentId: string): SessionRecord | undefined {
    for (const record of this.sessions.values()) if (record.session.payment_intent === paymentIntentId) return record;
    return undefined;
  }

  refundsOfCharge(chargeId: string): Stripe.Refund[] {
    return [...this.refunds.values()].filter((r) => r.charge === chargeId).reverse();
  }
}
