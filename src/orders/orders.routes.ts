import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { readIdempotencyKey } from '../idempotency';
import { verifyOrderToken } from '../shared/keys';
import { bearerToken } from '../shared/http/bearer';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { ORDER_PAGE_CSS, renderCancelledPage, renderOrderPage, type OrderPageExtra } from './order-page';
import { createOrderBody, createOrderResponse, orderIdParams, orderView } from './orders.schemas';
import { getOrderForShopper, orderTokenRefused, placeOrder, type OrdersDeps } from './orders.service';
import { countOrder } from './orders.metrics';
import type { OrderRow } from './orders.table';

export interface OrdersRouteDeps extends OrdersDeps {
  /** The offline payment instructions for a reference (shown on the order page). */
  instructionsFor(reference: string): string;
  /** Hooks that act on the answer (e.g. the remember-me cookie), after the order is placed. */
  afterPlaced?: Array<(req: Request, res: Response, input: z.output<typeof createOrderBody>) => void | Promise<void>>;
  /** The store's name and contact on the order page. */
  store?: OrderPageExtra['store'];
  /** What the order delivered, as an HTML section of its page (the delivery side renders it). */
  deliverySection?: (orderId: string) => Promise<string>;
}

const pageQuery = z
  .object({
    token: z.string().min(1).max(2048).optional().describe('The order_token; without it only the cancelled-payment landing is shown'),
    cancelled: z.literal('1').optional().describe("Set by the processor's cancel link"),
  })
  .strict();

export function ordersRoutes(deps: OrdersRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  document(docs);

  router.post('/api/orders', async (req, res) => {
    const key = readIdempotencyKey(req);
    const input = parseOrThrow(createOrderBody, req.body, 'body');
    const placed = await countOrder(input.payment_method, placeOrder(deps, key, req.body, input, { gpc: req.get('Sec-GPC') === '1' }));
    if (placed.replayed) res.set('Idempotent-Replayed', 'true');
    for (const hook of deps.afterPlaced ?? []) await hook(req, res, input);
    res.status(placed.status).json(placed.body);
  });

  router.get('/api/orders/:id', async (req, res) => {
    const id = await authorizedOrderId(deps, req.params.id, bearerToken(req.get('authorization')));
    res.set('Cache-Control', 'no-store').json((await getOrderForShopper(deps, id)).view);
  });

  router.get('/orders/:id', async (req, res) => {
    const query = parseOrThrow(pageQuery, req.query, 'query');
    // The processor's cancel link carries no token (we never hand the processor one): the
    // shopper lands on a page that says nothing was charged and shows nothing of the order.
    if (query.cancelled && !query.token) {
      res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').type('html').send(renderCancelledPage(deps.store));
      return;
    }
    const id = await authorizedOrderId(deps, req.params.id, query.token);
    const { order, view } = await getOrderForShopper(deps, id);
    res
      .set('Cache-Control', 'no-store')
      .set('Referrer-Policy', 'no-referrer')
      .type('html')
      .send(renderOrderPage(view, { ...offlineDetails(deps, order), store: deps.store, delivery: deps.deliverySection ? await deps.deliverySection(id) : '' }));
  });

  router.get('/assets/order-page.css', (_req, res) => {
    res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(ORDER_PAGE_CSS);
  });
  return router;
}

function offlineDetails(deps: OrdersRouteDeps, order: OrderRow) {
  return order.offline_reference ? { reference: order.offline_reference, instructions: deps.instructionsFor(order.offline_reference) } : {};
}

/** Only the order the token was issued for; anything else is 401, never a hint that it exists. */
async function authorizedOrderId(deps: OrdersDeps, rawId: string | undefined, token: string | undefined): Promise<string> {
  const parsed = orderIdParams.safeParse({ id: rawId });
  if (!token || !parsed.success || !(await verifyOrderToken(deps.keys, token, parsed.data.id))) {
    throw orderTokenRefused();
  }
  return parsed.data.id;
}

function document(docs: ApiDocs): void {
  const tokenRefused = { 401: { description: "No or wrong token, or the person's data was erased" } };
  docs.add(
    {
      method: 'post',
      path: '/api/orders',
      tag: 'Shoppers',
      summary: 'Place an order, paid by card (hosted page) or via sales. Totals are computed from catalog prices.',
      headers: { 'Idempotency-Key': { required: true, description: '1–255 visible characters; a retry with the same key and body replays the answer' } },
      body: createOrderBody,
      examples: placeOrderExamples,
      responses: {
        201: { description: 'Order placed', schema: createOrderResponse },
        400: { description: 'Missing or malformed Idempotency-Key, malformed JSON' },
        409: { description: 'The first request with this key is still running' },
        422: { description: 'Invalid fields, unknown sku, sold out, another body for the same key' },
        429: { description: 'Too many orders from this address; Retry-After says when to try again' },
        503: { description: 'The processor did not answer; retry with the same key (Retry-After)' },
      },
    },
    {
      method: 'get',
      path: '/api/orders/{id}',
      tag: 'Shoppers',
      summary: 'The order, with Authorization: Bearer <order_token>',
      auth: 'order_token',
      params: orderIdParams,
      responses: { 200: { description: 'The order', schema: orderView }, ...tokenRefused },
    },
    {
      method: 'get',
      path: '/orders/{id}',
      operationId: 'getOrderPage',
      tag: 'Shoppers',
      summary: "The order's page (HTML): status, items, totals and, for sales orders, how to pay",
      params: orderIdParams,
      query: pageQuery,
      responses: { 200: { description: 'HTML page', contentType: 'text/html' }, ...tokenRefused },
    },
    {
      method: 'get',
      path: '/assets/order-page.css',
      operationId: 'getOrderPageStyles',
      tag: 'Shoppers',
      auth: 'none',
      summary: "The order page's stylesheet",
      responses: { 200: { description: 'CSS', contentType: 'text/css' }, 404: { description: 'Not found' } },
    },
  );
}

const customer = { name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines Ltd', country: 'DE' };
const placeOrderExamples = {
  card: { summary: 'Pay by card on the processor’s page', value: { items: [{ sku: 'EVT-SUMMIT', quantity: 1 }], currency: 'EUR', customer, payment_method: 'card' } },
  sales: {
    summary: 'Pay via the sales team, asking to be contacted',
    value: { items: [{ sku: 'EVT-SUMMIT', quantity: 2 }], currency: 'EUR', customer: { ...customer, phone: '+49 30 1234567' }, payment_method: 'sales', contact_me: true },
  },
};
