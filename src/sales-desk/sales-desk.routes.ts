import { Router } from 'express';
import type { ApiDocs, RouteDoc } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { cancelOfflineOrder, recordOfflinePayment } from './offline-orders.service';
import { clearFlag, extendHold } from './order-follow-up.service';
import {
  cancelBody,
  clearFlagBody,
  extendHoldBody,
  flagCleared,
  holdExtended,
  MAX_HOLD_DAYS,
  orderCancelled,
  paymentRecorded,
  queuePage,
  queueQuery,
  recordPaymentBody,
  staffOrderDetail,
  staffOrderParams,
} from './sales-desk.schemas';
import { getStaffOrder, listQueue } from './staff-orders.service';
import type { Db } from '../database';
import { countPayment } from '../payments';

export interface SalesDeskRouteDeps {
  db: Db;
  staff: StaffVerifier;
}

/** The sales team's queue: read by sales and finance, changed by sales. */
export function salesDeskRoutes(deps: SalesDeskRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  const readers = requireStaff(deps.staff, 'sales', 'finance');
  const sales = requireStaff(deps.staff, 'sales');
  document(docs);

  router.get('/api/staff/orders', readers, async (req, res) => {
    const query = parseOrThrow(queueQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await listQueue(deps.db, query));
  });
  router.get('/api/staff/orders/:id', readers, async (req, res) => {
    const { id } = parseOrThrow(staffOrderParams, req.params, 'params');
    res.set('Cache-Control', 'no-store').json(await getStaffOrder(deps.db, id));
  });
  router.post('/api/staff/orders/:id/payments', sales, async (req, res) => {
    const { id } = parseOrThrow(staffOrderParams, req.params, 'params');
    const input = parseOrThrow(recordPaymentBody, req.body, 'body');
    const { replayed, ...recorded } = await recordOfflinePayment(deps.db, staffActor(res), id, input);
    if (replayed) res.set('Idempotent-Replayed', 'true');
    else countPayment('staff', input.method);
    res.status(replayed ? 200 : 201).json(recorded);
  });
  router.post('/api/staff/orders/:id/cancel', sales, async (req, res) => {
    const { id } = parseOrThrow(staffOrderParams, req.params, 'params');
    const { reason } = parseOrThrow(cancelBody, req.body ?? {}, 'body');
    res.json(await cancelOfflineOrder(deps.db, staffActor(res), id, reason));
  });
  router.post('/api/staff/orders/:id/hold', sales, async (req, res) => {
    const { id } = parseOrThrow(staffOrderParams, req.params, 'params');
    const { hold_expires_at } = parseOrThrow(extendHoldBody, req.body, 'body');
    const { replayed, order } = await extendHold(deps.db, staffActor(res), id, new Date(hold_expires_at));
    if (replayed) res.set('Idempotent-Replayed', 'true');
    res.json({ order });
  });
  router.post('/api/staff/orders/:id/clear-flag', sales, async (req, res) => {
    const { id } = parseOrThrow(staffOrderParams, req.params, 'params');
    const { note } = parseOrThrow(clearFlagBody, req.body, 'body');
    res.json(await clearFlag(deps.db, staffActor(res), id, note));
  });
  return router;
}

function document(docs: ApiDocs): void {
  const denied = { 401: { description: 'No or bad staff token' }, 403: { description: 'The token lacks the role' } };
  const common = { tag: 'Staff', auth: 'staff' as const };
  const orderRoute = { params: staffOrderParams, ...common };
  const docsList: RouteDoc[] = [
    {
      ...common,
      method: 'get',
      path: '/api/staff/orders',
      roles: ['sales', 'finance'],
      summary:
        'The order queue, newest first, searched (q: payment reference, order number, email, name, company) and filtered by status, payment method, flag and age; pass next_cursor back as cursor for the next page',
      query: queueQuery,
      responses: { 200: { description: 'A page of orders', schema: queuePage }, 400: { description: 'Bad filter, limit or cursor' }, ...denied },
    },
    {
      ...orderRoute,
      method: 'get',
      path: '/api/staff/orders/{id}',
      roles: ['sales', 'finance'],
      summary: 'One order whole: customer, payments, refunds, contact request, partner referral and disclosures, history',
      responses: { 200: { description: 'The order', schema: staffOrderDetail }, ...denied, 404: { description: 'No such order' } },
    },
    {
      ...orderRoute,
      method: 'post',
      path: '/api/staff/orders/{id}/payments',
      roles: ['sales'],
      summary: 'Record a payment received via sales; partial payments add up and the order is paid once they reach the total',
      body: recordPaymentBody,
      examples: {
        full: {
          summary: 'The whole total of a two-ticket order (664.02 EUR) by bank transfer',
          value: { amount: 66402, currency: 'EUR', method: 'bank_transfer', reference: 'HO-7KQ2M9XP transfer 2026-03-02' },
        },
        partial: {
          summary: 'Half of it against a purchase order; the order stays awaiting payment',
          value: { amount: 33201, currency: 'EUR', method: 'purchase_order', reference: 'PO-4471' },
        },
      },
      responses: {
        200: { description: 'This reference was already recorded with the same amount: nothing new (Idempotent-Replayed: true)', schema: paymentRecorded },
        201: { description: 'Recorded', schema: paymentRecorded },
        ...denied,
        404: { description: 'No such order' },
        422: { description: 'Invalid fields, overpayment, another currency, or the order is not awaiting payment via sales' },
      },
    },
    {
      ...orderRoute,
      method: 'post',
      path: '/api/staff/orders/{id}/cancel',
      roles: ['sales'],
      summary: 'Cancel an unpaid pay-via-sales order; its seats go back and the shopper is told',
      body: cancelBody,
      responses: {
        200: { description: 'Cancelled', schema: orderCancelled },
        ...denied,
        404: { description: 'No such order' },
        422: { description: 'Not an unpaid sales order awaiting payment' },
      },
    },
    {
      ...orderRoute,
      method: 'post',
      path: '/api/staff/orders/{id}/hold',
      roles: ['sales'],
      summary: `Extend the hold of a pay-via-sales order awaiting payment: its seats stay held until the new end, which is later than the current one and at most ${MAX_HOLD_DAYS} days from now`,
      body: extendHoldBody,
      examples: {
        week: { summary: 'A week more while the purchase order is signed', value: { hold_expires_at: '2026-12-20T17:00:00Z' } },
        offset: { summary: 'The same moment given in the clerk’s own offset', value: { hold_expires_at: '2026-12-20T18:00:00+01:00' } },
      },
      responses: {
        200: { description: 'Extended, or it already ended then (Idempotent-Replayed: true, nothing changed)', schema: holdExtended },
        ...denied,
        404: { description: 'No such order' },
        409: { description: 'A card order (not_a_sales_order), or one paid, cancelled or expired (order_not_awaiting_payment)' },
        422: { description: 'hold_expires_at not later than the current end, in the past, or too far ahead (hold_not_extended)' },
      },
    },
    {
      ...orderRoute,
      method: 'post',
      path: '/api/staff/orders/{id}/clear-flag',
      roles: ['sales'],
      summary: 'Clear the order’s needs-attention flag with a note of what was done; the note, the reason and the clerk go into its history',
      body: clearFlagBody,
      examples: {
        called: { summary: 'The rest is on its way', value: { note: 'Called the buyer: the second transfer left on Monday.' } },
        settled: { summary: 'Settled with finance', value: { note: 'Finance refunded the part payment; order closed with the buyer.' } },
      },
      responses: {
        200: { description: 'Cleared', schema: flagCleared },
        ...denied,
        404: { description: 'No such order' },
        409: { description: 'Not flagged (order_not_flagged), or a part-paid order whose hold has run out: extend it first, or the sweep flags it again (hold_still_expired)' },
      },
    },
  ];
  docs.add(...docsList);
}
