import { z } from 'zod';
import { CONSENT_PURPOSES } from './privacy.table';

/** Normalised as the checkout normalises it, so the lookup finds what the order stored. */
const email = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email('A valid email address.'))
  .transform((e) => e.toLowerCase());

export const subjectQuery = z.object({ email }).strict();
export const erasureBody = z.object({ email }).strict();

export const consentsQuery = z
  .object({
    purpose: z.enum(CONSENT_PURPOSES),
    limit: z.coerce.number().int().min(1).max(5000).default(1000),
    // Room for the longest email (254) as a cursor: base64url of a JSON list, a third longer.
    cursor: z.string().max(400).optional(),
  })
  .strict();

export const optInsResponse = z.object({
  purpose: z.enum(CONSENT_PURPOSES),
  opt_ins: z.array(z.object({ email: z.string(), consent_id: z.number().int(), since: z.string(), wording_version: z.string() })),
  next_cursor: z.string().nullable(),
});

export const erasureResponse = z.object({
  erasure: z.object({ id: z.number().int(), subject_hash: z.string(), at: z.string(), counts: z.record(z.string(), z.number().int()) }),
});

export const wordingResponse = z.object({ product_alerts: z.object({ version: z.string(), text: z.string() }) });

/** No control or direction characters in a subject line (header injection, spoofed text). */
const UNSAFE_SUBJECT = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const productAlertBody = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'Letters, digits, ".", "_" and "-", at most 100.'),
    subject: z
      .string()
      .trim()
      .min(1, 'Required.')
      .max(200)
      .refine((s) => !UNSAFE_SUBJECT.test(s), 'Control and text-direction characters are not allowed.'),
    text: z.string().trim().min(1, 'Required.').max(20_000),
  })
  .strict();

export const productAlertResponse = z.object({ alert_id: z.string(), queued: z.number().int() });

/** Stored rows as they are kept, each with its own columns; described, not enumerated. */
const storedRows = (what: string) => z.array(z.looseObject({})).describe(what);

export const subjectExport = z
  .object({
    email: z.string(),
    generated_at: z.string(),
    orders: z
      .array(
        z.looseObject({
          id: z.uuid(),
          number: z.string(),
          status: z.string(),
          customer: z.object({ name: z.string(), email: z.string(), company: z.string().nullable(), country: z.string(), phone: z.string().nullable() }),
          marketing_opt_in: z.boolean(),
          contact_me: z.boolean(),
          gpc: z.boolean(),
          items: storedRows('The order lines'),
          payments: storedRows('Payments recorded for the order'),
          refunds: storedRows('Refunds of the order'),
          history: storedRows('Every change of the order, with who made it'),
        }),
      )
      .describe('Each order as the shopper sees it, plus everything stored with it'),
    consents: storedRows('Consents given and withdrawn, with the wording shown'),
    disclosures: storedRows('What was sent to which partner, when, and why'),
    contact_requests: storedRows('Requests to be contacted by a partner'),
    emails: storedRows('Emails sent about the orders'),
    audit: storedRows('Audit entries about the orders, payments, refunds and consents'),
    privacy_requests: storedRows('Earlier access and erasure requests about this address'),
  })
  .meta({ id: 'SubjectExport', description: 'Everything held about one email address (a data subject access request)' });
