import { randomUUID } from 'node:crypto';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { checkRefundQuote, countRefund, refundBody, refundQuote, requestRefund, type RefundDeps, type RefundInput, type RefundQuote } from '../refunds';
import { AppError } from '../shared/errors';
import { parseOrThrow } from '../shared/http/validate';
import { staffActor } from '../staff-auth';
import { requireConsole, sessionOf } from './console-session';
import { amountField } from './format';
import { refundPendingPage, refundReviewPage } from './refund.views';
import { withoutEmpty } from './sales.routes';
import { sendPage } from './send-page';

const orderParams = z.object({ id: z.uuid('An order id.') }).strict();
const fields = { _csrf: z.string(), amount: z.string(), reason: z.string().optional(), method: z.string().optional(), reference: z.string().optional() };
const reviewForm = z.object(fields).strict();
const confirmForm = z.object({ ...fields, key: z.uuid('The confirmation page’s key: start again from the order.') }).strict();

/**
 * A finance refund in two steps. Review checks the request as the refund itself will (the refunds
 * service's own rules, nothing written) and shows what is left to refund; confirm calls the same
 * `requestRefund` as `POST /api/staff/orders/:id/refunds`, keyed by the confirmation page, so a
 * form sent twice (a double click, a reload) refunds once.
 */
export function refundPages(deps: RefundDeps): Router {
  const router = Router();
  const finance = requireConsole('finance');
  router.post('/console/finance/orders/:id/refunds/review', finance, async (req, res) => {
    const { quote, input } = await readRequest(deps, req, parseOrThrow(reviewForm, req.body, 'body'));
    checkRefundQuote(deps, quote, input);
    sendPage(res, 200, refundReviewPage({ session: sessionOf(res), quote, input, key: randomUUID() }));
  });
  router.post('/console/finance/orders/:id/refunds', finance, async (req, res) => {
    const form = parseOrThrow(confirmForm, req.body, 'body');
    const { quote, input } = await readRequest(deps, req, form);
    const { key } = form;
    const orderPage = `/console/sales/orders/${quote.order.id}`;
    try {
      const { replayed } = await countRefund(requestRefund(deps, staffActor(res), quote.order.id, `console:${key}`, input, input));
      res.redirect(303, `${orderPage}?done=${replayed ? 'refund-replayed' : 'refunded'}`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // The second of two sends while the first still runs: the first one's outcome is the answer.
      if (err.code === 'idempotency_key_in_use') return void res.redirect(303, `${orderPage}?done=refund-running`);
      if (err.code !== 'processor_unavailable') throw err;
      for (const [k, v] of Object.entries(err.headers)) res.set(k, v);
      sendPage(res, 503, refundPendingPage({ session: sessionOf(res), quote, input, key }));
    }
  });
  return router;
}

/** The form as the refunds service takes it: the amount typed in the order's currency, in minor
 * units; fields left blank left out. */
async function readRequest(deps: RefundDeps, req: Request, form: z.output<typeof reviewForm>): Promise<{ quote: RefundQuote; input: RefundInput }> {
  const { id } = parseOrThrow(orderParams, req.params, 'params');
  const quote = await refundQuote(deps.db, id);
  const amount = amountField(form.amount, quote.order.currency);
  const input = parseOrThrow(refundBody, withoutEmpty({ amount, reason: form.reason, method: form.method, reference: form.reference }), 'body');
  return { quote, input };
}
