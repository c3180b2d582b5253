import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { signOrderToken, type KeyRing } from '../shared/keys';
import { returnQuery } from './checkout.schemas';
import { returnFromProcessor, type CheckoutDeps } from './checkout.service';

export interface CheckoutRouteDeps extends CheckoutDeps {
  keys: KeyRing;
}

export function checkoutRoutes(deps: CheckoutRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  docs.add({
    method: 'get',
    path: '/checkout/return',
    tag: 'Shoppers',
    summary: "The processor's success_url: settles the payment from the processor's own answer and redirects to the order's page",
    query: returnQuery,
    responses: {
      303: { description: "Redirect to the order's page (/orders/{id}?token=...)" },
      400: { description: 'Missing or malformed session_id' },
      404: { description: 'No order for this session' },
    },
  });
  router.get('/checkout/return', async (req, res) => {
    const { session_id: sessionId } = parseOrThrow(returnQuery, req.query, 'query');
    const orderId = await returnFromProcessor(deps, sessionId);
    const token = await signOrderToken(deps.keys, orderId);
    res
      .set('Cache-Control', 'no-store')
      .set('Referrer-Policy', 'no-referrer')
      .redirect(303, `/orders/${orderId}?token=${encodeURIComponent(token)}`);
  });
  return router;
}
