import express, { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { stripeEventBody, webhookAnswer } from './webhooks.schemas';
import { receiveStripeEvent, verifyStripeEvent, type WebhookDeps } from './webhooks.service';
import { countRefusals, countWebhook } from './webhooks.metrics';

/** Stripe's events are small; a larger body is not one. */
const RAW_LIMIT = '256kb';

/** Mounted before the JSON parser: the signature covers the exact bytes received. */
export function webhookRoutes(deps: WebhookDeps, docs: ApiDocs): Router {
  const router = Router();
  docs.add({
    method: 'post',
    path: '/api/webhooks/stripe',
    tag: 'Processor',
    summary: 'Signed processor events (raw body, Stripe-Signature). Each event is applied once, whatever the order and number of deliveries.',
    headers: { 'Stripe-Signature': { required: true, description: 't=<unix seconds>,v1=<HMAC-SHA256 of "t.body">' } },
    rawBody: { contentType: 'application/json', schema: stripeEventBody, required: true, description: 'The raw event; the signature covers these exact bytes' },
    cardGuard: false,
    responses: {
      200: { description: 'Accepted (repeated, unknown and malformed events included: those are ignored)', schema: webhookAnswer },
      400: { description: 'Missing or wrong signature, or signed more than 300 s before or after our clock' },
    },
  });
  router.post('/api/webhooks/stripe', express.raw({ type: () => true, limit: RAW_LIMIT }), async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const event = countRefusals(() => verifyStripeEvent(deps, raw, req.get('Stripe-Signature')));
    const outcome = await receiveStripeEvent(deps, event);
    countWebhook(event, outcome);
    res.json({ received: true, outcome });
  });
  return router;
}
