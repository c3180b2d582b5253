import { z } from 'zod';

/** What the processor sends, for the API document only: the route verifies the signature over the
 * raw bytes and lets the SDK parse them, so this schema never validates a request. */
export const stripeEventBody = z
  .looseObject({
    id: z.string().describe('evt_...; recorded once, so a repeated delivery changes nothing'),
    object: z.literal('event'),
    type: z.string().describe('checkout.session.completed, checkout.session.expired, charge.refunded, charge.dispute.created, charge.dispute.closed, ...'),
    created: z.number().int().describe('Unix seconds'),
    data: z.looseObject({ object: z.looseObject({}).describe('The object the event is about') }),
  })
  .meta({ id: 'StripeEvent', description: 'A Stripe event, exactly as the processor signed it' });

export const webhookAnswer = z.object({
  received: z.literal(true),
  outcome: z.string().describe('What the event did: paid, already_recorded, duplicate, ignored, ...'),
});
