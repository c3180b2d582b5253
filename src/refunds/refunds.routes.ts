import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { readIdempotencyKey, requestHash } from '../idempotency';
import { requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { refundAnswer, refundBody, refundParams } from './refunds.schemas';
import { requestRefund, type RefundDeps } from './refunds.service';
import { countRefund } from './refunds.metrics';

export interface RefundRouteDeps extends RefundDeps {
  staff: StaffVerifier;
}

export function refundRoutes(deps: RefundRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  document(docs);
  router.post('/api/staff/orders/:id/refunds', requireStaff(deps.staff, 'finance'), async (req, res) => {
    const { id } = parseOrThrow(refundParams, req.params, 'params');
    const key = req.get('Idempotency-Key') === undefined ? implicitKey(staffActor(res), req.body) : readIdempotencyKey(req);
    const input = parseOrThrow(refundBody, req.body, 'body');
    const result = await countRefund(requestRefund(deps, staffActor(res), id, key, req.body, input));
    if (result.replayed) res.set('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  });
  return router;
}

const IMPLICIT_WINDOW_MS = 10 * 60_000;

/** The contract's refund body has no key, and a clerk's double click must not refund twice: without
 * an Idempotency-Key, the same clerk asking the same refund of the same order within one ten-minute
 * window is taken as a retry of it. A second identical refund on purpose takes its own key. */
function implicitKey(actor: string, body: unknown): string {
  return `implicit:${actor}:${Math.floor(Date.now() / IMPLICIT_WINDOW_MS)}:${requestHash(body)}`;
}

function document(docs: ApiDocs): void {
  docs.add({
    method: 'post',
    path: '/api/staff/orders/{id}/refunds',
    tag: 'Finance',
    auth: 'staff',
    roles: ['finance'],
    summary:
      'Refund a paid order, fully or in part. Card orders are refunded through the processor; pay-via-sales orders record how the money went back (method, reference). The order becomes partially_refunded or refunded; a full refund gives held seats back.',
    params: refundParams,
    headers: {
      'Idempotency-Key': {
        required: false,
        description:
          '1–255 visible characters; a retry with the same key never refunds twice and completes a pending refund. Without one, the same clerk asking the same refund within ten minutes is taken as a retry',
      },
    },
    body: refundBody,
    examples: {
      card: { summary: 'A card order, in full (through the processor)', value: { amount: 33201, reason: 'Cannot attend' } },
      sales: {
        summary: 'One of two tickets of a pay-via-sales order, sent back by bank transfer',
        value: { amount: 33201, reason: 'One attendee cancelled', method: 'bank_transfer', reference: 'RF-2026-0042' },
      },
    },
    responses: {
      201: { description: 'Refunded (card: accepted by the processor), with the order’s new amounts', schema: refundAnswer },
      400: { description: 'Malformed Idempotency-Key' },
      401: { description: 'No or bad staff token' },
      403: { description: 'Not finance' },
      404: { description: 'No such order' },
      409: { description: 'The first request with this key is still running' },
      422: { description: 'Invalid fields, amount above what is refundable, order not refundable, processor refused' },
      503: { description: 'The processor did not answer: the refund is pending; retry with the same key (Retry-After)' },
    },
  });
}
