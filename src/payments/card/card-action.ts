/** What a processor message means for an order, with Stripe's vocabulary left behind: the webhook,
 * the browser's return and the reconciliation sweep all reduce what they saw to one of these and
 * hand it to the same finaliser. */

/** Everything the processor says about which order this is; each claim is checked against ours. */
export interface OrderClaim {
  /** The hosted session, when the message is about one. */
  sessionId?: string | null;
  paymentIntent?: string | null;
  /** `client_reference_id` of the session. */
  referenceOrderId?: string | null;
  /** `metadata.order_id` of the session, PaymentIntent or charge. */
  metadataOrderId?: string | null;
  /** Session messages must name the order both ways (reference and metadata). */
  requireBothIds: boolean;
}

/** Money the processor confirms it received for one PaymentIntent. */
export interface ProcessorPayment {
  amount: number;
  /** ISO 4217, upper case as we store it. */
  currency: string;
  paymentIntent: string;
  charge?: string | null;
}

export type CardAction =
  /** The money arrived (card paid, or a delayed method settled). */
  | { type: 'paid'; claim: OrderClaim; payment: ProcessorPayment }
  /** The shopper finished on the hosted page; a delayed method has not settled yet. */
  | { type: 'processing'; claim: OrderClaim; paymentIntent: string | null }
  /** An attempt failed. `final` when no further attempt can follow on this session. */
  | { type: 'payment_failed'; claim: OrderClaim; code: string | null; final: boolean }
  /** The session ended unpaid. */
  | { type: 'session_expired'; claim: OrderClaim }
  /** The processor's running total of refunds for one payment (absolute, never a delta). */
  | { type: 'refunded'; claim: OrderClaim; payment: ProcessorPayment; refundedTotal: number; succeeded: boolean }
  | { type: 'disputed'; claim: OrderClaim; amount: number; currency: string; reason: string }
  /** The bank decided a chargeback: `lost` keeps the money with the cardholder. */
  | { type: 'dispute_closed'; claim: OrderClaim; disputeId: string; lost: boolean; status: string; amount: number; currency: string }
  /** Seen, understood, and nothing to do for the order (e.g. a session still open). */
  | { type: 'none'; claim: OrderClaim };

/** How one action ended, recorded in the webhook inbox and returned to callers. */
export type CardOutcome =
  | 'paid'
  | 'already_recorded'
  | 'processing'
  | 'attempt_failed'
  | 'expired'
  | 'refund_applied'
  | 'disputed'
  | 'dispute_lost'
  | 'dispute_won'
  | 'no_change'
  | 'flagged'
  | 'unfulfillable_refund_queued'
  | 'unmatched';

export interface CardResult {
  outcome: CardOutcome;
  /** The order the action was applied to, when one matched. */
  orderId?: string;
}
