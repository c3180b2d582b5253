import Stripe from 'stripe';
import { notFound } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { findOrderBySessionId } from '../orders';
import { actionForSession, finaliseCardAction } from '../payments/card';
import type { Db } from '../database';

export interface CheckoutDeps {
  db: Db;
  stripe: Stripe;
  logger: Logger;
}

/** The shopper is back from the hosted page. Their browser proves nothing, so the processor is
 * asked for the session and the answer goes through the webhook's exactly-once finaliser: browser
 * first or webhook first, the order ends the same. Returns the order to show. */
export async function returnFromProcessor(deps: CheckoutDeps, sessionId: string): Promise<string> {
  const session = await retrieveSession(deps, sessionId);
  if (session) await finaliseCardAction(deps.db, actionForSession(session), 'shopper_return');
  // Only the order that this session was made for, by our own records: a session id naming some
  // other order (or none) gives no access to it.
  const order = await findOrderBySessionId(deps.db, sessionId);
  if (!order) throw notFound('No order was placed with this payment session.');
  return order.id;
}

/** The session, or undefined when the processor cannot answer now: the order page still shows,
 * and the webhook (or the reconciliation sweep) settles the order. */
async function retrieveSession(deps: CheckoutDeps, sessionId: string): Promise<Stripe.Checkout.Session | undefined> {
  try {
    return await deps.stripe.checkout.sessions.retrieve(sessionId, { expand: ['payment_intent'] });
  } catch (err) {
    if (err instanceof Stripe.errors.StripeInvalidRequestError && err.statusCode === 404) throw notFound('No such payment session.');
    deps.logger.warn({ err: err instanceof Error ? err.message : 'unknown' }, 'checkout return: the processor did not answer');
    return undefined;
  }
}
