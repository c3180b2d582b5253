import { z } from 'zod';

/**
 * The fields stripe-actions reads from each kind of object, with the types it reads them as. A
 * signed event whose object lacks one or carries another type is malformed: it is acknowledged
 * and ignored rather than half read (a TypeError would be a 500, which the processor retries for
 * days, and a wrong type could reach the books). Every other field passes untouched.
 */
const id = z.string().min(1).max(255);
const amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const currency = z.string().regex(/^[A-Za-z]{3}$/);
const text = z.string().max(255);
const metadata = z.looseObject({ order_id: text.optional() }).nullish();
const paymentError = z.looseObject({ code: text.nullish(), decline_code: text.nullish() }).nullish();
/** An id, or the object itself when the API expanded it. */
const reference = (object: z.ZodObject = z.looseObject({ id })) => z.union([id, object]).nullish();

export const SESSION_SHAPE = z.looseObject({
  id,
  status: text.nullish(),
  payment_status: text.nullish(),
  payment_intent: reference(z.looseObject({ id, status: text.nullish(), last_payment_error: paymentError })),
  amount_total: amount.nullish(),
  currency: currency.nullish(),
  client_reference_id: text.nullish(),
  metadata,
});

export const PAYMENT_INTENT_SHAPE = z.looseObject({ id, last_payment_error: paymentError, metadata });

export const CHARGE_SHAPE = z.looseObject({
  id,
  payment_intent: reference(),
  amount,
  amount_captured: amount.nullish(),
  amount_refunded: amount,
  currency,
  status: text,
  paid: z.boolean(),
  metadata,
});

export const DISPUTE_SHAPE = z.looseObject({ payment_intent: reference(), amount, currency, reason: text });
export const CLOSED_DISPUTE_SHAPE = z.looseObject({ id, payment_intent: reference(), amount, currency, status: text });
