export { webhookRoutes } from './webhooks.routes';
export { receiveStripeEvent, verifyStripeEvent, SIGNATURE_TOLERANCE_S, type WebhookDeps, type WebhookOutcome } from './webhooks.service';
