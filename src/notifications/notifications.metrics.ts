import { businessCounter } from '../shared/business-metrics';

const emails = businessCounter('emails_total', 'Emails handed to SMTP (or written as .eml) by kind and outcome: sent, failed (the job retries)', ['kind', 'outcome']);

/** Counts one sending attempt and passes its result on. */
export async function countEmail<T>(kind: string, sending: Promise<T>): Promise<T> {
  try {
    const sent = await sending;
    emails.inc({ kind, outcome: 'sent' });
    return sent;
  } catch (err) {
    emails.inc({ kind, outcome: 'failed' });
    throw err;
  }
}
