import type Stripe from 'stripe';
import { findOrderById, insertHistory, lockOrderForUpdate, type OrderRow } from '../orders';
import { applyRefund, applyRefundTotal, findRefundById, type RefundRow } from '../payments';
import { audit } from '../shared/audit';
import type { Db, Tx } from '../shared/db';
import { retryingTransaction } from '../shared/db';
import { AppError } from '../shared/errors';
import { IdempotentRequest, requestHash } from '../shared/idempotency';
import { refundThroughProcessor } from './processor-refund';
import { checkRefundable, OrderNotFound, refundView } from './refund-rules';
import type { RefundAnswer, RefundInput } from './refunds.schemas';
import { insertRefund, settleRefund, sumRefunds } from './refunds.repository';

export interface RefundDeps {
  db: Db;
  stripe: Stripe;
}

export interface RefundResult {
  status: number;
  replayed: boolean;
  body: RefundAnswer;
}

/**
 * A finance refund, as a story: claim the Idempotency-Key (scoped to the order); in one short
 * transaction with the order row locked, check the amount against what is refundable and write the
 * refund (pending for cards, done for pay-via-sales); then, outside any transaction, have the
 * processor refund a card payment; then settle our refund and the order in a second short
 * transaction. A retry of the same request resumes the same refund, so it is refunded once.
 */
export async function requestRefund(deps: RefundDeps, actor: string, orderId: string, key: string, rawBody: unknown, input: RefundInput): Promise<RefundResult> {
  const idem = new IdempotentRequest(deps.db, `refunds:${orderId}`, key, requestHash(rawBody));
  const claim = await idem.claim();
  if (claim.kind === 'replay') return { status: claim.status, replayed: true, body: claim.body as RefundAnswer };
  let refundId = claim.resourceId;
  try {
    refundId ??= (await recordRefund(deps.db, idem, actor, orderId, input)).id;
    const refund = await completeRefund(deps, actor, refundId);
    const body = refundView(refund, (await findOrderById(deps.db, orderId))!, await sumRefunds(deps.db, orderId, 'pending'));
    await idem.complete(201, body);
    return { status: 201, replayed: false, body };
  } catch (err) {
    await idem.fail(err, refundId !== null);
    throw err;
  }
}

async function recordRefund(db: Db, idem: IdempotentRequest, actor: string, orderId: string, input: RefundInput): Promise<RefundRow> {
  return retryingTransaction(db, async (tx) => {
    const order = await lockOrderForUpdate(tx, orderId);
    if (!order) throw new OrderNotFound();
    const offline = checkRefundable(order, await sumRefunds(tx, orderId, 'pending'), input);
    const refund = await insertRefund(tx, {
      orderId,
      amount: input.amount,
      currency: order.currency,
      reason: input.reason ?? null,
      method: offline ? offline.method : 'card',
      reference: offline ? offline.reference : null,
      requestedBy: actor,
      settled: offline !== undefined,
    });
    await idem.attach(tx, refund.id);
    const detail = { refund_id: refund.id, amount: refund.amount, currency: refund.currency, method: refund.method };
    await insertHistory(tx, { orderId, actor, event: offline ? 'refund_recorded' : 'refund_requested', detail });
    await audit(tx, { actor, action: offline ? 'refund.recorded' : 'refund.requested', subjectType: 'refund', subjectId: refund.id, detail: { order_id: orderId, ...detail } });
    if (offline) await applyRefund(tx, order, refund.amount, actor);
    return refund;
  });
}

/** A pending card refund goes to the processor; anything else is already what it will be. Safe
 * to run twice at once for one refund: both calls carry the same processor idempotency key and
 * only one of them settles our row. */
export async function completeRefund(deps: RefundDeps, actor: string, refundId: string): Promise<RefundRow> {
  const refund = (await findRefundById(deps.db, refundId))!;
  if (refund.status === 'failed') throw processorRefused(refund.id);
  if (refund.status === 'succeeded') return refund;
  const order = (await findOrderById(deps.db, refund.order_id))!;
  const outcome = await refundThroughProcessor(deps.stripe, order, refund);
  const settled = await retryingTransaction(deps.db, async (tx) => {
    const locked = (await lockOrderForUpdate(tx, order.id))!;
    if (outcome.kind === 'refused') return settle(tx, actor, locked, refund, 'failed', null, { code: outcome.code });
    const done = await settle(tx, actor, locked, refund, 'succeeded', outcome.processorRefundId, { processor_refund_id: outcome.processorRefundId });
    // The charge's own running total when the processor sent it; else the sum of our settled
    // refunds. Either is absolute, so a charge.refunded webhook seen first is not added to.
    const total = outcome.refundedTotal ?? (await sumRefunds(tx, order.id, 'succeeded'));
    if (done.status === 'succeeded') await applyRefundTotal(tx, locked, total, actor);
    return done;
  });
  if (settled.status === 'failed') throw processorRefused(refund.id);
  return settled;
}

async function settle(tx: Tx, actor: string, order: OrderRow, refund: RefundRow, status: 'succeeded' | 'failed', processorRefundId: string | null, detail: object): Promise<RefundRow> {
  const settled = await settleRefund(tx, refund.id, status, processorRefundId);
  // Settled meanwhile by a concurrent retry of the same request: its result stands.
  if (!settled) return (await findRefundById(tx, refund.id))!;
  const event = status === 'succeeded' ? 'refund_succeeded' : 'refund_failed';
  await insertHistory(tx, { orderId: order.id, actor, event, detail: { refund_id: refund.id, amount: refund.amount, ...detail } });
  await audit(tx, { actor, action: `refund.${status}`, subjectType: 'refund', subjectId: refund.id, detail: { order_id: order.id, amount: refund.amount, ...detail } });
  return settled;
}

function processorRefused(refundId: string): AppError {
  return new AppError(422, 'refund_refused_by_processor', 'Unprocessable content', {
    detail: 'The payment processor refused this refund; the order history says why. Nothing was refunded.',
    extra: { refund_id: refundId },
  });
}
