import Stripe from 'stripe';
import { enqueue, type JobWorker } from '../../jobs';
import type { Logger } from '../../shared/logger';
import { findOrderById, findPendingCardOrderIds } from '../../orders';
import type { CardResult } from './card-action';
import { finaliseCardAction } from './card-finaliser';
import { actionForSession } from './stripe-actions';
import type { Db } from '../../database';

export interface CardJobsDeps {
  db: Db;
  stripe: Stripe;
  logger: Logger;
  /** A pending card order is asked about once it is this old (webhooks normally settle it first). */
  reconcileAfterSeconds: number;
}

export const RECONCILE_JOB = 'card.reconcile';
const SWEEP_EVERY_MS = 60_000;
/** Each pending order is asked about at most once per window, however many instances sweep. */
const RECONCILE_WINDOW_MS = 5 * 60_000;
const SWEEP_BATCH = 1000;

export function registerCardJobs(worker: JobWorker, deps: CardJobsDeps): void {
  worker.register(RECONCILE_JOB, async (p: { orderId: string }) => {
    const result = await reconcileCardOrder(deps, p.orderId);
    if (result && result.outcome !== 'no_change') deps.logger.info({ order: p.orderId, outcome: result.outcome }, 'card order reconciled with the processor');
  });
  worker.every('card-reconcile', SWEEP_EVERY_MS, async () => {
    await sweepPendingCardOrders(deps);
  });
}

/** Catches missed webhooks and ended holds: one job per pending order per window (the job's dedupe
 * key), leased by one instance only; the processor is called by the job, outside any transaction. */
export async function sweepPendingCardOrders(deps: CardJobsDeps, now = Date.now()): Promise<number> {
  const ids = await findPendingCardOrderIds(deps.db, deps.reconcileAfterSeconds, SWEEP_BATCH);
  const window = Math.floor(now / RECONCILE_WINDOW_MS);
  for (const id of ids) await enqueue(deps.db, RECONCILE_JOB, { orderId: id }, { dedupeKey: `${RECONCILE_JOB}:${id}:${window}` });
  return ids.length;
}

/** Asks the processor about one pending order and applies the answer like a webhook would. */
export async function reconcileCardOrder(deps: Pick<CardJobsDeps, 'db' | 'stripe'>, orderId: string): Promise<CardResult | undefined> {
  const order = await findOrderById(deps.db, orderId);
  if (!order || order.status !== 'pending_payment' || order.payment_method !== 'card') return undefined;
  const holdOver = order.hold_expires_at !== null && new Date(order.hold_expires_at).getTime() <= Date.now();
  if (!order.processor_session_id) {
    // The processor never gave this order a session we know of: nothing can be paid on our side,
    // and a session made but never stored ends at the same time (a late payment is refunded).
    if (!holdOver) return undefined;
    return finaliseCardAction(deps.db, { type: 'session_expired', claim: { referenceOrderId: order.id, requireBothIds: false } }, 'reconciler');
  }
  const session = await currentSession(deps.stripe, order.processor_session_id, holdOver);
  return finaliseCardAction(deps.db, actionForSession(session), 'reconciler');
}

async function currentSession(stripe: Stripe, id: string, holdOver: boolean): Promise<Stripe.Checkout.Session> {
  const params = { expand: ['payment_intent'] };
  const session = await stripe.checkout.sessions.retrieve(id, params);
  if (session.status !== 'open' || !holdOver) return session;
  // Ended at the processor before we give the seats back, so nobody can pay for released seats.
  try {
    return await stripe.checkout.sessions.expire(id, params);
  } catch (err) {
    // It completed (or expired) in the meantime: the fresh state decides.
    if (err instanceof Stripe.errors.StripeInvalidRequestError) return stripe.checkout.sessions.retrieve(id, params);
    throw err;
  }
}
