import { enqueue } from '../jobs';
import { insertEmail } from './emails.repository';
import type { EmailKind } from './emails.table';
import type { Tx } from '../database';

export const SEND_EMAIL_JOB = 'email.send';
/** SMTP servers come back; a day and more of retries with the worker's backoff. */
const SEND_MAX_ATTEMPTS = 30;

const SALES_KINDS: ReadonlySet<EmailKind> = new Set(['sales_new_order', 'sales_contact_request']);
const ATTENDEE_KINDS: ReadonlySet<EmailKind> = new Set(['attendee_invitation']);

export interface EmailRequest {
  kind: EmailKind;
  /** Tells apart emails of one kind for one order (a payment receipt per payment); omitted, the
   * kind is sent once per order. */
  occurrence?: string;
  /** Amounts and the like the text needs; never personal data (that is read from the order). */
  detail?: Record<string, unknown>;
}

/**
 * Puts an email about an order in the outbox, in the caller's transaction: it goes out if and only
 * if the change it reports commits, and once per (order, kind, occurrence) however often this runs.
 */
export async function queueEmail(tx: Tx, orderId: string, req: EmailRequest): Promise<void> {
  const dedupeKey = [orderId, req.kind, req.occurrence].filter(Boolean).join(':');
  const emailId = await insertEmail(tx, {
    dedupeKey,
    orderId,
    kind: req.kind,
    recipient: SALES_KINDS.has(req.kind) ? 'sales' : ATTENDEE_KINDS.has(req.kind) ? 'attendee' : 'shopper',
    detail: req.detail ?? {},
  });
  if (emailId === undefined) return;
  await enqueue(tx, SEND_EMAIL_JOB, { emailId }, { dedupeKey: `email:${dedupeKey}`, maxAttempts: SEND_MAX_ATTEMPTS });
}
