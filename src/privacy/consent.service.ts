import type { OrderCreatedHook } from '../orders';
import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import { decodeCursor, fetchPage, type Page } from '../shared/http/paging';
import type { KeyRing } from '../shared/keys';
import { findConsentById, insertConsent, listCurrentOptIns, withdrawConsents, type OptIn } from './consent.repository';
import { CONSENT_WORDING } from './consent-wording';
import type { ConsentPurpose } from './privacy.table';
import { verifyUnsubscribeToken } from './unsubscribe-token';
import type { Db } from '../database';

/** In the order's own transaction: an opt-in exists exactly when the order does. The order's
 * marketing_opt_in is already false under Sec-GPC, so GPC never produces a consent. */
export const recordConsentOnOrder: OrderCreatedHook = async (tx, order, _input, meta) => {
  if (!order.marketing_opt_in || meta.gpc) return;
  const wording = CONSENT_WORDING.product_alerts;
  await insertConsent(tx, {
    email: order.customer_email,
    purpose: 'product_alerts',
    orderId: order.id,
    wordingVersion: wording.version,
    wording: wording.text,
    source: 'checkout',
  });
};

export type UnsubscribeOutcome = { kind: 'invalid' } | { kind: 'withdrawn'; count: number };

/** Using the link withdraws the consent; using it again finds nothing left to withdraw, and says
 * the same thing, so a replay is harmless. */
export async function unsubscribe(db: Db, ring: KeyRing, token: string, via: 'unsubscribe_link' | 'one_click'): Promise<UnsubscribeOutcome> {
  const claim = await verifyUnsubscribeToken(ring, token);
  if (!claim) return { kind: 'invalid' };
  return retryingTransaction(db, async (tx) => {
    const consent = await findConsentById(tx, claim.consentId);
    if (!consent) return { kind: 'invalid' } as const;
    const count = await withdrawConsents(tx, { email: consent.email, purpose: consent.purpose, upToId: consent.id, via });
    if (count > 0) {
      await audit(tx, { actor: 'shopper', action: 'consent.withdrawn', subjectType: 'consent', subjectId: String(consent.id), detail: { purpose: consent.purpose, count, via } });
    }
    return { kind: 'withdrawn', count } as const;
  });
}

const EMAIL = (email: string) => email.length <= 254;

/** A page of the people currently opted in for a purpose, by email; the cursor is the last email. */
export async function listOptIns(db: Db, purpose: ConsentPurpose, limit: number, cursor: string | undefined): Promise<Page<OptIn>> {
  const after = cursor ? decodeCursor(cursor, [EMAIL])[0] : undefined;
  const fetch = (n: number) => listCurrentOptIns(db, purpose, { limit: n, ...(after !== undefined ? { after } : {}) });
  return fetchPage(limit, fetch, (last) => [last.email.toLowerCase()]);
}
