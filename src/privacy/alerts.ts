import type { Mailer } from '../notifications';
import { enqueue } from '../jobs';
import type { KeyRing } from '../shared/keys';
import { findConsentById, findLatestCurrentConsent, listCurrentOptIns, type OptIn } from './consent.repository';
import { signUnsubscribeToken } from './unsubscribe-token';
import type { Db } from '../database';

export const PRODUCT_ALERT_JOB = 'privacy.product_alert';
const PAGE = 1000;

export interface ProductAlert {
  /** Names this mailing: queuing it again sends nobody a second copy. */
  id: string;
  subject: string;
  text: string;
}

export interface AlertEmail {
  to: string;
  subject: string;
  text: string;
  /** RFC 2369 and RFC 8058: mail programs show an unsubscribe button and POST to it. */
  headers: { 'List-Unsubscribe': string; 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** One person's copy of an alert: their own signed unsubscribe link in the text and the headers. */
export async function composeAlertEmail(ring: KeyRing, publicBaseUrl: string, to: Pick<OptIn, 'email' | 'consent_id'>, alert: ProductAlert): Promise<AlertEmail> {
  const url = `${publicBaseUrl}/api/unsubscribe?token=${await signUnsubscribeToken(ring, to.consent_id)}`;
  return {
    to: to.email,
    subject: alert.subject,
    text: `${alert.text}\n\n-- \nYou receive product alerts because you asked for them when you ordered.\nUnsubscribe with one click: ${url}\n`,
    headers: { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  };
}

/** Puts one job per person currently opted in; each job reads the consent again when it runs, so
 * whoever unsubscribes in between gets nothing. The address is not copied into the queue. */
export async function queueProductAlert(db: Db, alert: ProductAlert): Promise<number> {
  let queued = 0;
  let after: string | undefined;
  for (;;) {
    const page = await listCurrentOptIns(db, 'product_alerts', { limit: PAGE, ...(after ? { after } : {}) });
    for (const optIn of page) {
      await enqueue(db, PRODUCT_ALERT_JOB, { alert, consentId: optIn.consent_id }, { dedupeKey: `product-alert:${alert.id}:${optIn.consent_id}` });
    }
    queued += page.length;
    if (page.length < PAGE) return queued;
    after = page[page.length - 1]!.email.toLowerCase();
  }
}

export interface AlertSendDeps {
  db: Db;
  keys: KeyRing;
  mailer: Mailer;
  publicBaseUrl: string;
}

/** The job: sends the alert unless the consent was withdrawn (or erased) since it was queued. The
 * link names the person's newest consent as of now, so it also withdraws one given since queuing. */
export async function sendProductAlert(deps: AlertSendDeps, payload: { alert: ProductAlert; consentId: number }): Promise<'sent' | 'skipped'> {
  const queued = await findConsentById(deps.db, payload.consentId);
  const consent = queued && queued.withdrawn_at === null ? await findLatestCurrentConsent(deps.db, queued.email, queued.purpose) : undefined;
  if (!consent) return 'skipped';
  const email = await composeAlertEmail(deps.keys, deps.publicBaseUrl, { email: consent.email, consent_id: consent.id }, payload.alert);
  await deps.mailer.send({
    ...email,
    messageId: `<handoff-alert-${encodeURIComponent(payload.alert.id)}-${consent.id}@handoff.invalid>`,
    fileName: `alert-${payload.alert.id.replace(/[^\w-]/g, '_')}-${consent.id}.eml`,
  });
  return 'sent';
}
