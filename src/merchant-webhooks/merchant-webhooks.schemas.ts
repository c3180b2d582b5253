import { z } from 'zod';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import { outboundUrlSchema } from '../shared/http/outbound-url';
import { idPageQuery } from '../shared/http/paging';
import { MERCHANT_EVENT_TYPES } from './merchant-events';

/** Where events may go is the outbound policy's call, as for partner referrals. */
const endpointUrl = outboundUrlSchema;

const eventTypes = z
  .array(z.enum(MERCHANT_EVENT_TYPES, `One of ${MERCHANT_EVENT_TYPES.join(', ')}.`))
  .min(1, 'At least one event type.')
  .refine((list) => new Set(list).size === list.length, 'Each event type once.')
  .describe('The events this endpoint receives');

export function endpointBodies(outbound: OutboundPolicy) {
  const url = endpointUrl(outbound);
  return {
    create: z.object({ url, event_types: eventTypes, active: z.boolean().default(true) }).strict(),
    update: z
      .object({ url: url.optional(), event_types: eventTypes.optional(), active: z.boolean().optional() })
      .strict()
      .refine((b) => Object.keys(b).length > 0, 'Send at least one field to change.'),
  };
}
export type EndpointBodies = ReturnType<typeof endpointBodies>;
export type CreateEndpointInput = z.output<EndpointBodies['create']>;
export type UpdateEndpointInput = z.output<EndpointBodies['update']>;

export const endpointIdParams = z.object({ id: z.uuid('An endpoint id (UUID).') }).strict();
export const deliveryParams = z.object({ id: z.uuid('An endpoint id (UUID).'), deliveryId: z.string().regex(/^\d{1,18}$/, 'A delivery id (a number).') }).strict();

export const endpointView = z
  .object({
    id: z.uuid(),
    url: z.string(),
    event_types: z.array(z.string()),
    active: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: 'MerchantWebhookEndpoint' });
export type EndpointView = z.infer<typeof endpointView>;

export const createdEndpointView = endpointView.extend({
  secret: z.string().describe('The whsec_ signing secret (Standard Webhooks). Shown this once: keep it where the receiving system verifies signatures.'),
});
export const endpointsResponse = z.object({ endpoints: z.array(endpointView) });

export const deliveriesQuery = idPageQuery;

const attemptView = z.object({ at: z.string(), status_code: z.number().int().nullable(), error: z.string().nullable() });
export const deliveryView = z
  .object({
    id: z.number().int(),
    event_id: z.string().describe('The webhook-id header of every attempt'),
    event_type: z.string(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempts: z.array(attemptView),
    redeliveries: z.number().int(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
  })
  .meta({ id: 'MerchantWebhookDelivery' });
export type DeliveryView = z.infer<typeof deliveryView>;
export const redeliverAnswer = z.object({
  id: z.number().int(),
  status: z.literal('pending'),
  redeliveries: z.number().int().describe('How many times an admin has had this delivery sent again'),
});
export type RedeliverAnswer = z.infer<typeof redeliverAnswer>;
export const deliveriesPage = z.object({ deliveries: z.array(deliveryView), next_cursor: z.string().nullable() });
