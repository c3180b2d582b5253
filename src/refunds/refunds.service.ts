import { findOrderById, insertHistory, lockOrderForUpdate, OrderNotFound, type OrderRow } from '../orders';
import { audit } from '../audit';
import { issueCreditNote } from '../invoicing';
import { retryingTransaction } from '../shared/db';
import { AppError } from '../shared/errors';
import { IdempotentRequest, requestHash } from '../idempotency';
import { applyRefund, applyRefundTotal, applyRefundTotalIfUnchanged } from './order-refunds';
import type { RefundMethods, RefundOutcome, RefundTerms } from './refund-method';
import { checkRefundable, refundable, refundView } from './refund-rules';
import type { RefundAnswer, RefundInput } from './refunds.schemas';
import { findRefundById, insertRefund, settleRefund, sumRefunds } from './refunds.repository';
import type { RefundRow } from './refunds.table';
import type { Db, Tx } from '../database';

export interface RefundDeps {
  db: Db;
  /** The refund part of each payment method (payments implements it; the app passes it in). */
  methods: RefundMethods;
}

export interface RefundResult {
  status: number;
  replayed: boolean;
  body: RefundAnswer;
}

/**
 * A finance refund, as a story: claim the Idempotency-Key (scoped to the order); in one short
 * transaction with the order row locked, check the amount against what is refundable and write the
 * refund (done at once when staff moved the money, else pending); then complete it. A retry of the
 * same request resumes the same refund, so it is refunded once.
 */
export async function requestRefund(deps: RefundDeps, actor: string, orderId: string, key: string, rawBody: unknown, input: RefundInput): Promise<RefundResult> {
  const idem = new IdempotentRequest(deps.db, `refunds:${orderId}`, key, requestHash(rawBody));
  const claim = await idem.claim();
  if (claim.kind === 'replay') return { status: claim.status, replayed: true, body: claim.body as RefundAnswer };
  let refundId = claim.resourceId;
  try {
    refundId ??= (await recordRefund(deps, idem, actor, orderId, input)).id;
    const { refund, order } = await completeRefund(deps, actor, refundId);
    const body = refundView(refund, order, await sumRefunds(deps.db, orderId, 'pending'));
    await idem.complete(201, body);
    return { status: 201, replayed: false, body };
  } catch (err) {
    await idem.fail(err, refundId !== null);
    throw err;
  }
}

/** What a refund of an order is checked against now: the order, its pending refunds and what is
 * left to refund. For a confirmation step: nothing is locked or written, and the request itself
 * checks again with the order locked. */
export interface RefundQuote {
  order: OrderRow;
  pending: number;
  refundable: number;
}

export async function refundQuote(db: Db, orderId: string): Promise<RefundQuote> {
  const order = await findOrderById(db, orderId);
  if (!order) throw new OrderNotFound();
  const pending = await sumRefunds(db, orderId, 'pending');
  return { order, pending, refundable: refundable(order, pending) };
}

/** The request's own checks against a quote (422 naming the field): how the refund would be written. */
export const checkRefundQuote = (deps: RefundDeps, quote: RefundQuote, input: RefundInput): RefundTerms =>
  checkRefundable(quote.order, quote.pending, input, deps.methods[quote.order.payment_method]);

async function recordRefund(deps: RefundDeps, idem: IdempotentRequest, actor: string, orderId: string, input: RefundInput): Promise<RefundRow> {
  return retryingTransaction(deps.db, async (tx) => {
    const order = await lockOrderForUpdate(tx, orderId);
    if (!order) throw new OrderNotFound();
    const terms = checkRefundable(order, await sumRefunds(tx, orderId, 'pending'), input, deps.methods[order.payment_method]);
    const refund = await insertRefund(tx, { orderId, amount: input.amount, currency: order.currency, reason: input.reason ?? null, ...terms, requestedBy: actor });
    await idem.attach(tx, refund.id);
    const detail = { refund_id: refund.id, amount: refund.amount, currency: refund.currency, method: refund.method };
    await insertHistory(tx, { orderId, actor, event: terms.settled ? 'refund_recorded' : 'refund_requested', detail });
    await audit(tx, {
      actor,
      action: terms.settled ? 'refund.recorded' : 'refund.requested',
      subjectType: 'refund',
      subjectId: refund.id,
      detail: { order_id: orderId, ...detail },
    });
    if (terms.settled) {
      await applyRefund(tx, order, refund.amount, actor);
      await issueCreditNote(tx, order, refund);
    }
    return refund;
  });
}

export interface CompletedRefund {
  refund: RefundRow;
  order: OrderRow;
}

/**
 * The one way a refund is completed: by the request that wrote it and its retries, by the
 * automatic refund job and by the sweep for abandoned ones. A pending refund has its payment
 * method move the money, outside any transaction; anything else is already what it will be. Safe
 * to run twice at once for one refund: the method never moves the money twice and only one of
 * the two settles our row.
 */
export async function completeRefund(deps: RefundDeps, actor: string, refundId: string): Promise<CompletedRefund> {
  const refund = (await findRefundById(deps.db, refundId))!;
  if (refund.status === 'failed') throw processorRefused(refund.id);
  const order = (await findOrderById(deps.db, refund.order_id))!;
  if (refund.status === 'succeeded') return { refund, order };
  const outcome = await deps.methods[order.payment_method].refund(order, refund);
  const done = await retryingTransaction(deps.db, (tx) => settleOutcome(tx, actor, order, refund, outcome));
  if (done.refund.status === 'failed') throw processorRefused(refund.id);
  return done;
}

/** `seen` is the order as read before the money moved, unlocked. The order is written before the
 * refund row, in the order every other writer (webhooks, erasure) takes them. */
async function settleOutcome(tx: Tx, actor: string, seen: OrderRow, refund: RefundRow, outcome: RefundOutcome): Promise<CompletedRefund> {
  if (outcome.kind === 'refused') return { refund: await settle(tx, actor, seen.id, refund, 'failed', null, { code: outcome.code }), order: seen };
  const order = outcome.refundedTotal === null ? seen : await applyTotal(tx, seen, outcome.refundedTotal, actor);
  const settled = await settle(tx, actor, seen.id, refund, 'succeeded', outcome.processorRefundId, { processor_refund_id: outcome.processorRefundId });
  // Only the settler writes it: a concurrent retry finds the refund settled and the note issued.
  if (settled.status === 'succeeded') await issueCreditNote(tx, order, settled);
  return { refund: settled, order };
}

/** The total is absolute, so a charge.refunded webhook seen first is not added to. When nothing
 * touched the order since it was read (the usual case) one conditional write both checks and
 * locks it; otherwise the order is locked and read afresh. */
async function applyTotal(tx: Tx, seen: OrderRow, refundedTotal: number, actor: string): Promise<OrderRow> {
  const applied = await applyRefundTotalIfUnchanged(tx, seen, refundedTotal, actor);
  return applied ?? applyRefundTotal(tx, (await lockOrderForUpdate(tx, seen.id))!, refundedTotal, actor);
}

async function settle(
  tx: Tx,
  actor: string,
  orderId: string,
  refund: RefundRow,
  status: 'succeeded' | 'failed',
  processorRefundId: string | null,
  detail: object,
): Promise<RefundRow> {
  const settled = await settleRefund(tx, refund.id, status, processorRefundId);
  // Settled meanwhile by a concurrent retry of the same request: its result stands.
  if (!settled) return (await findRefundById(tx, refund.id))!;
  const event = status === 'succeeded' ? 'refund_succeeded' : 'refund_failed';
  await insertHistory(tx, { orderId, actor, event, detail: { refund_id: refund.id, amount: refund.amount, ...detail } });
  await audit(tx, { actor, action: `refund.${status}`, subjectType: 'refund', subjectId: refund.id, detail: { order_id: orderId, amount: refund.amount, ...detail } });
  return settled;
}

function processorRefused(refundId: string): AppError {
  return new AppError(422, 'refund_refused_by_processor', 'Unprocessable content', {
    detail: 'The payment processor refused this refund; the order history says why. Nothing was refunded.',
    extra: { refund_id: refundId },
  });
}
