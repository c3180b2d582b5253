export { merchantWebhookRoutes, type MerchantWebhookRouteDeps } from './merchant-webhooks.routes';
export { registerMerchantWebhookJobs, type DeliverDeps } from './deliver';
export {
  recordMerchantEvent,
  recordOrderEvent,
  MERCHANT_EVENT_TYPES,
  ORDER_EVENT_TYPES,
  FULFILMENT_EVENT_TYPES,
  type MerchantEvent,
  type MerchantEventType,
  type OrderFacts,
} from './merchant-events';
export { scrubEventData as scrubMerchantEventData } from './deliveries.repository';
export { getEndpoints, createEndpoint, changeEndpoint, removeEndpoint, getDeliveries, redeliver, type MerchantWebhookDeps } from './merchant-webhooks.service';
export { endpointBodies, endpointIdParams, deliveryParams, deliveriesQuery, type DeliveryView, type EndpointView } from './merchant-webhooks.schemas';
