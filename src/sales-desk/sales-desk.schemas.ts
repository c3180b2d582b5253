import { z } from 'zod';
import { currencyCode } from '../catalog';
import { ORDER_STATUSES, orderView, PAYMENT_METHODS } from '../orders';

export const queueQuery = z
  .object({
    status: z.enum(ORDER_STATUSES).optional(),
    payment_method: z.enum(PAYMENT_METHODS).optional(),
    q: z
      .string()
      .trim()
      .max(200, 'At most 200 characters.')
      .optional()
      .transform((s) => s || undefined)
      .describe('A payment reference (HO-…, or the processor’s pi_/cs_ id), an order number, or part of the email, name or company'),
    needs_attention: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => (v === undefined ? undefined : v === 'true'))
      .describe('Only orders flagged for a person (true) or only unflagged ones (false)'),
    older_than_days: z.coerce.number().int('A whole number.').min(0).max(3650).optional().describe('Only orders placed at least this many days ago'),
    limit: z.coerce.number().int('A whole number.').min(1, 'At least 1.').max(100, 'At most 100.').default(25),
    cursor: z.string().min(1).max(200).optional(),
  })
  .strict();

export const staffOrderParams = z.object({ id: z.uuid('An order id (UUID).') }).strict();

/** Offline payments only: card payments arrive from the processor, never typed in by staff. */
export const OFFLINE_PAYMENT_METHODS = ['bank_transfer', 'check', 'purchase_order', 'other'] as const;

const note = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Required.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !/\p{Cc}/u.test(s), 'Control characters are not allowed.');

export const recordPaymentBody = z
  .object({
    amount: z.number().int('Minor units, a whole number.').positive('More than 0.').max(Number.MAX_SAFE_INTEGER),
    currency: currencyCode,
    method: z.enum(OFFLINE_PAYMENT_METHODS),
    reference: note(200).describe('The bank transfer reference, check number or purchase order number'),
  })
  .strict();
export type RecordPaymentInput = z.output<typeof recordPaymentBody>;

export const cancelBody = z.object({ reason: note(500).optional() }).strict();

/** How far ahead a clerk may move a hold: a month is as long as a sale waits on a purchase order
 * here; a longer one keeps seats from other buyers on a promise. */
export const MAX_HOLD_DAYS = 30;

export const extendHoldBody = z
  .object({
    hold_expires_at: z.iso
      .datetime({ offset: true, error: 'An ISO 8601 date and time with its offset, like 2026-12-20T17:00:00Z.' })
      .describe(`The new end of the hold: later than the current one, in the future, and at most ${MAX_HOLD_DAYS} days from now`),
  })
  .strict();

export const clearFlagBody = z.object({ note: note(500).describe('What was done about it, for the order’s history') }).strict();

const customer = z.object({ name: z.string(), email: z.string(), company: z.string().nullable(), country: z.string(), phone: z.string().nullable() });

export const staffOrderView = orderView
  .extend({
    outstanding: z.number().int().describe('What is still to be paid (0 once paid)'),
    offline_reference: z.string().nullable(),
    hold_expires_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    contact_me: z.boolean(),
    needs_attention: z.boolean(),
    attention_reason: z.string().nullable(),
    customer,
  })
  .meta({ id: 'StaffOrder' });
export type StaffOrderView = z.infer<typeof staffOrderView>;

export const queuePage = z.object({ orders: z.array(staffOrderView), next_cursor: z.string().nullable().describe('Pass back as cursor for the next page; null on the last') });

const at = z.string();
const paymentView = z
  .object({
    id: z.uuid(),
    amount: z.number().int(),
    currency: z.string(),
    method: z.string(),
    reference: z.string().nullable(),
    processor_payment_intent: z.string().nullable(),
    recorded_by: z.string(),
    created_at: at,
  })
  .meta({ id: 'Payment' });
const refundSummary = z
  .object({
    id: z.uuid(),
    amount: z.number().int(),
    currency: z.string(),
    reason: z.string().nullable(),
    method: z.string(),
    status: z.string(),
    requested_by: z.string(),
    created_at: at,
    settled_at: at.nullable(),
  })
  .meta({ id: 'RefundSummary' });
export const staffOrderDetail = staffOrderView
  .extend({
    payments: z.array(paymentView),
    refunds: z.array(refundSummary),
    contact_request: z.object({ status: z.string(), partner: z.object({ id: z.uuid(), name: z.string() }).nullable(), created_at: at, referred_at: at.nullable() }).nullable(),
    disclosures: z.array(
      z.object({
        partner: z.object({ id: z.uuid(), name: z.string() }),
        fields: z.array(z.string()),
        reason: z.string(),
        jti: z.string(),
        disclosed_at: at,
        attempts: z.number().int(),
        acknowledged_at: at.nullable(),
      }),
    ),
    history: z.array(z.object({ at, actor: z.string(), event: z.string(), from_status: z.string().nullable(), to_status: z.string().nullable(), detail: z.unknown() })),
  })
  .meta({ id: 'StaffOrderDetail' });
export type StaffOrderDetail = z.infer<typeof staffOrderDetail>;

export const paymentRecorded = z.object({
  order: staffOrderView,
  payment: z.object({ amount: z.number().int(), currency: z.string(), method: z.enum(OFFLINE_PAYMENT_METHODS), reference: z.string() }),
});
export const orderCancelled = z.object({ order: staffOrderView });
export const holdExtended = z.object({ order: staffOrderView });
export const flagCleared = z.object({ order: staffOrderView });
