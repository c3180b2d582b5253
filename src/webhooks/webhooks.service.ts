import type Stripe from 'stripe';
import type { Db } from '../shared/db';
import { retryingTransaction } from '../shared/db';
import { badRequest } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { actionForStripeEvent, applyCardAction, type CardOutcome } from '../payments/card';
import { markInboxEventProcessed, recordInboxEvent } from './inbox.repository';

export interface WebhookDeps {
  db: Db;
  stripe: Stripe;
  webhookSecret: string;
  logger: Logger;
}

/** Stripe signs the time with the body; an older delivery is refused (a replayed capture). Never
 * zero: zero would switch the check off. */
export const SIGNATURE_TOLERANCE_S = 300;

/** The event, only if its signature verifies over the exact bytes received and is recent. The
 * SDK's error carries the payload and header: neither is logged nor echoed. */
export function verifyStripeEvent(deps: WebhookDeps, rawBody: Buffer, signature: string | undefined): Stripe.Event {
  if (!signature) {
    deps.logger.warn('webhook refused: no Stripe-Signature header');
    throw badRequest('webhook_signature_missing', 'Send the Stripe-Signature header.');
  }
  try {
    return deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret, SIGNATURE_TOLERANCE_S);
  } catch {
    deps.logger.warn('webhook refused: the signature does not verify or is too old');
    throw badRequest('webhook_signature_invalid', 'The Stripe-Signature does not verify for this body, or it is too old.');
  }
}

export type WebhookOutcome = CardOutcome | 'ignored' | 'duplicate';

/** Verify (done), record, translate, hand off: the inbox row, the order's change and the outcome
 * commit together, so a failure leaves nothing behind and the processor's retry starts afresh.
 * Event types that change no order are acknowledged without a write. */
export async function receiveStripeEvent(deps: WebhookDeps, event: Stripe.Event): Promise<WebhookOutcome> {
  const action = actionForStripeEvent(event);
  if (!action) return 'ignored';
  const objectId = (event.data.object as { id?: string }).id ?? null;
  const outcome = await retryingTransaction(deps.db, async (tx): Promise<WebhookOutcome> => {
    if (!(await recordInboxEvent(tx, { id: event.id, type: event.type, objectId }))) return 'duplicate';
    const result = await applyCardAction(tx, action, 'webhook');
    await markInboxEventProcessed(tx, event.id, result.outcome);
    return result.outcome;
  });
  if (outcome === 'unmatched' || outcome === 'flagged') deps.logger.warn({ event: event.id, type: event.type, outcome }, 'webhook needs attention');
  return outcome;
}
