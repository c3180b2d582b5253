import type Stripe from 'stripe';
import { z } from 'zod';
import { retryingTransaction } from '../shared/db';
import { badRequest } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { actionForStripeEvent, applyCardAction, MALFORMED, type CardOutcome } from '../payments/card';
import { markInboxEventProcessed, recordInboxEvent } from './inbox.repository';
import type { Db } from '../database';
import { countCardPayment } from '../payments';

export interface WebhookDeps {
  db: Db;
  stripe: Stripe;
  webhookSecret: string;
  logger: Logger;
}

/** Stripe signs the time with the body; a delivery signed longer ago (a replayed capture) or
 * further ahead of our clock (a signature made to outlive the window) is refused. Never zero:
 * zero would switch the age check off. */
export const SIGNATURE_TOLERANCE_S = 300;

/** The payload, only if its signature verifies over the exact bytes received and its time is
 * within the tolerance either way; `undefined` for a body that verifies but is not JSON. The
 * SDK's error carries the payload and header: neither is logged nor echoed. */
export function verifyStripeEvent(deps: WebhookDeps, rawBody: Buffer, signature: string | undefined): unknown {
  if (!signature) {
    deps.logger.warn('webhook refused: no Stripe-Signature header');
    throw badRequest('webhook_signature_missing', 'Send the Stripe-Signature header.');
  }
  const refused = () => {
    deps.logger.warn('webhook refused: the signature does not verify or is outside the time window');
    return badRequest('webhook_signature_invalid', 'The Stripe-Signature does not verify for this body, or its time is too far from ours.');
  };
  let event: unknown;
  try {
    event = deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret, SIGNATURE_TOLERANCE_S);
  } catch (err) {
    // The SDK parses the body only after the signature verified.
    if (err instanceof SyntaxError) return undefined;
    throw refused();
  }
  // The SDK checks the age only; a time ahead of ours is refused here, as a stale one is there.
  if (signedAtTimes(signature).some((t) => t > Date.now() / 1000 + SIGNATURE_TOLERANCE_S)) throw refused();
  return event;
}

/** Every `t=` of the header: the SDK signs with the last one; none may lie in the future. */
function signedAtTimes(header: string): number[] {
  return header
    .split(',')
    .map((item) => item.split('='))
    .filter(([key]) => key === 't')
    .map(([, value]) => Number.parseInt(value ?? '', 10));
}

/** What every event must carry before anything reads it. */
const ENVELOPE = z.looseObject({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.looseObject({ object: z.looseObject({}) }),
});

export type WebhookOutcome = CardOutcome | 'ignored' | 'duplicate';

/** Verify (done), record, translate, hand off: the inbox row, the order's change and the outcome
 * commit together, so a failure leaves nothing behind and the processor's retry starts afresh.
 * Event types that change no order, and malformed events, are acknowledged without a write. */
export async function receiveStripeEvent(deps: WebhookDeps, payload: unknown): Promise<WebhookOutcome> {
  const envelope = ENVELOPE.safeParse(payload);
  const action = envelope.success ? actionForStripeEvent(payload as Stripe.Event) : MALFORMED;
  if (action === MALFORMED) return ignoreMalformed(deps, payload);
  if (!action) return 'ignored';
  const event = payload as Stripe.Event;
  const objectId = (event.data.object as { id?: unknown }).id;
  const outcome = await retryingTransaction(deps.db, async (tx): Promise<WebhookOutcome> => {
    if (!(await recordInboxEvent(tx, { id: event.id, type: event.type, objectId: typeof objectId === 'string' ? objectId : null }))) return 'duplicate';
    const result = await applyCardAction(tx, action, 'webhook');
    await markInboxEventProcessed(tx, event.id, result.outcome);
    return result.outcome;
  });
  countCardPayment('webhook', outcome);
  if (outcome === 'unmatched' || outcome === 'flagged') deps.logger.warn({ event: event.id, type: event.type, outcome }, 'webhook needs attention');
  return outcome;
}

/** A signed event that cannot be read is the processor's bug (or a test's), not ours: 200, so it
 * is not retried for days, and nothing written. Logged by id and type only, when they are text:
 * the rest of it may hold personal data. Nothing goes in the inbox either: the inbox holds the
 * events that were applied, and a corrected copy under the same id must still be applied. */
function ignoreMalformed(deps: WebhookDeps, payload: unknown): 'ignored' {
  const field = (name: 'id' | 'type') => {
    const value = (payload as Record<string, unknown> | null | undefined)?.[name];
    return typeof value === 'string' ? value.slice(0, 255) : null;
  };
  deps.logger.warn({ event: field('id'), type: field('type') }, 'webhook ignored: malformed event');
  return 'ignored';
}
