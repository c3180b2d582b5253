import { Router } from 'express';
import { z } from 'zod';
import {
  cancelBody,
  cancelOfflineOrder,
  clearFlag,
  clearFlagBody,
  extendHold,
  extendHoldBody,
  getStaffOrder,
  listQueue,
  queueQuery,
  recordOfflinePayment,
  recordPaymentBody,
} from '../sales-desk';
import { listDocuments } from '../invoicing';
import { unprocessable } from '../shared/errors';
import { parseOrThrow } from '../shared/http/validate';
import { staffActor } from '../staff-auth';
import { requireConsole, sessionOf } from './console-session';
import { amountField } from './format';
import { notice } from './layout';
import { orderPage } from './order.views';
import { queuePage } from './sales.views';
import { REFUND_NOTICES } from './refund.views';
import { doneCode, sendPage } from './send-page';
import type { Db } from '../database';

const orderParams = z.object({ id: z.uuid('An order id.') }).strict();
const paymentForm = z.object({ _csrf: z.string(), amount: z.string(), method: z.string(), reference: z.string() }).strict();
const cancelForm = z.object({ _csrf: z.string(), reason: z.string().optional() }).strict();
const holdForm = z.object({ _csrf: z.string(), hold_expires_at: z.string() }).strict();
const flagForm = z.object({ _csrf: z.string(), note: z.string() }).strict();

const DONE: Record<string, string> = {
  payment: 'Payment recorded.',
  replayed: 'That payment was already recorded; nothing was added.',
  cancelled: 'Order cancelled.',
  ...REFUND_NOTICES,
  hold: 'Hold extended.',
  'hold-unchanged': 'The hold already ends then; nothing changed.',
  'flag-cleared': 'Flag cleared.',
};

/** A datetime-local field's value ("2026-12-20T17:00", seconds optional), read as UTC as its label says. */
const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
function asUtc(text: string): string {
  const local = text.trim();
  if (!LOCAL_MINUTE.test(local)) {
    throw unprocessable('validation_failed', 'The new hold end is not a date and time.', [{ path: 'hold_expires_at', message: 'A date and time in UTC, like 2026-12-20T17:00.' }]);
  }
  return `${local}${local.length === 16 ? ':00' : ''}Z`;
}

/** The sales pages call the sales desk's own services, as the staff API does: same rules, same audit. */
export function salesPages(db: Db): Router {
  const router = Router();
  const readers = requireConsole('sales', 'finance');
  const sales = requireConsole('sales');
  router.get('/console/sales', readers, async (req, res) => {
    const filter = parseOrThrow(queueQuery, withoutEmpty(req.query), 'query');
    const { orders, next_cursor } = await listQueue(db, filter);
    sendPage(res, 200, queuePage({ session: sessionOf(res), filter, orders, nextCursor: next_cursor }));
  });
  router.get('/console/sales/orders/:id', readers, async (req, res) => {
    const { id } = parseOrThrow(orderParams, req.params, 'params');
    const [order, documents] = await Promise.all([getStaffOrder(db, id), listDocuments(db, id)]);
    sendPage(res, 200, orderPage(order, sessionOf(res), notice(DONE[doneCode(req.query.done)]), documents));
  });
  router.post('/console/sales/orders/:id/payments', sales, async (req, res) => {
    const { id } = parseOrThrow(orderParams, req.params, 'params');
    const form = parseOrThrow(paymentForm, req.body, 'body');
    const order = await getStaffOrder(db, id);
    const amount = amountField(form.amount, order.currency);
    const input = parseOrThrow(recordPaymentBody, { amount, currency: order.currency, method: form.method, reference: form.reference }, 'body');
    const { replayed } = await recordOfflinePayment(db, staffActor(res), id, input);
    res.redirect(303, `/console/sales/orders/${id}?done=${replayed ? 'replayed' : 'payment'}`);
  });
  router.post('/console/sales/orders/:id/cancel', sales, async (req, res) => {
    const { id } = parseOrThrow(orderParams, req.params, 'params');
    const form = parseOrThrow(cancelForm, req.body, 'body');
    const { reason } = parseOrThrow(cancelBody, withoutEmpty({ reason: form.reason }), 'body');
    await cancelOfflineOrder(db, staffActor(res), id, reason);
    res.redirect(303, `/console/sales/orders/${id}?done=cancelled`);
  });
  router.post('/console/sales/orders/:id/hold', sales, async (req, res) => {
    const { id } = parseOrThrow(orderParams, req.params, 'params');
    const form = parseOrThrow(holdForm, req.body, 'body');
    const { hold_expires_at } = parseOrThrow(extendHoldBody, { hold_expires_at: asUtc(form.hold_expires_at) }, 'body');
    const { replayed } = await extendHold(db, staffActor(res), id, new Date(hold_expires_at));
    res.redirect(303, `/console/sales/orders/${id}?done=${replayed ? 'hold-unchanged' : 'hold'}`);
  });
  router.post('/console/sales/orders/:id/clear-flag', sales, async (req, res) => {
    const { id } = parseOrThrow(orderParams, req.params, 'params');
    const form = parseOrThrow(flagForm, req.body, 'body');
    const { note } = parseOrThrow(clearFlagBody, { note: form.note }, 'body');
    await clearFlag(db, staffActor(res), id, note);
    res.redirect(303, `/console/sales/orders/${id}?done=flag-cleared`);
  });
  return router;
}

/** A form or filter left blank is sent as an empty string; it means "not set". */
export function withoutEmpty(values: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== undefined));
}
