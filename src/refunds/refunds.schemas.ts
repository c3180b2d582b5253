import { z } from 'zod';

export const refundParams = z.object({ id: z.uuid('An order id (UUID).') }).strict();

/** How money went back to a pay-via-sales customer; card refunds go back through the processor. */
export const OFFLINE_REFUND_METHODS = ['bank_transfer', 'check', 'other'] as const;

export const refundBody = z
  .object({
    amount: z.number().int('Minor units: a whole number.').positive().describe('In minor units of the order currency'),
    reason: z.string().trim().min(1).max(500).optional(),
    method: z.enum(OFFLINE_REFUND_METHODS).optional().describe('Pay-via-sales orders only: how the money went back'),
    reference: z.string().trim().min(1).max(200).optional().describe('Pay-via-sales orders only: the transfer or cheque reference'),
  })
  .strict();

export type RefundInput = z.output<typeof refundBody>;

const at = z.string().describe('ISO 8601');

export const refundAnswer = z.object({
  refund: z
    .object({
      id: z.uuid(),
      order_id: z.uuid(),
      amount: z.number().int(),
      currency: z.string(),
      status: z.enum(['pending', 'succeeded', 'failed']),
      method: z.string(),
      reference: z.string().nullable(),
      reason: z.string().nullable(),
      processor_refund_id: z.string().nullable(),
      requested_by: z.string(),
      created_at: at,
      settled_at: at.nullable(),
    })
    .meta({ id: 'Refund' }),
  order: z.object({
    id: z.uuid(),
    number: z.string(),
    status: z.string(),
    currency: z.string(),
    amount_paid: z.number().int(),
    amount_refunded: z.number().int(),
    refundable: z.number().int().describe('What may still be refunded: paid − refunded − pending refunds'),
  }),
});

export type RefundAnswer = z.output<typeof refundAnswer>;
