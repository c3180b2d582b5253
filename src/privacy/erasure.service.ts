import { insertHistory, lockOrdersDueForRetention, lockOrdersOfEmail, type OrderPersonalFields } from '../orders';
import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import type { KeyRing } from '../shared/keys';
import { eraseConsents, findLongWithdrawnConsentEmails } from './consent.repository';
import { recordPrivacyRequest } from './privacy-requests.repository';
import { pseudonymFor, subjectHash } from './pseudonym';
import { scrubPeople, type Person } from './scrub-people';
import type { Db, Tx } from '../database';

export interface ErasureResult {
  id: number;
  subject_hash: string;
  at: Date;
  counts: Record<string, number>;
}

/**
 * The right to erasure, for one address, in one transaction: orders pseudonymised (amounts, dates,
 * numbers and country kept for the books), consents pseudonymised and withdrawn, then the request
 * recorded and audited with a keyed hash of the address, never the address. Asked twice, the second
 * finds nothing left and is recorded too.
 */
export async function eraseSubject(db: Db, ring: KeyRing, email: string, actor: string): Promise<ErasureResult> {
  const hash = subjectHash(ring, email);
  const pseudonym = pseudonymFor(hash);
  return retryingTransaction(db, async (tx) => {
    const orders = await lockOrdersOfEmail(tx, email);
    const counts = { ...(await scrubPeople(tx, [{ orders, pseudonym }])), consents: await eraseConsents(tx, email, pseudonym.email) };
    await noteOnOrders(tx, orders, actor, 'erasure');
    const request = await recordPrivacyRequest(tx, { kind: 'erasure', subjectHash: hash, requestedBy: actor, counts });
    await audit(tx, { actor, action: 'privacy.erased', subjectType: 'privacy_request', subjectId: String(request.id), detail: { counts } });
    return { id: request.id, subject_hash: hash, at: request.at, counts };
  });
}

export interface RetentionRules {
  /** Orders placed longer ago than this are pseudonymised. */
  days: number;
  /** Expired or cancelled orders that were never paid: much sooner. */
  abandonedDays: number;
}

const DAY_MS = 86_400_000;
const RETENTION_BATCH = 200;

/** The retention sweep: pseudonymises due orders in short transactions of a few hundred, then the
 * consents of people who withdrew longer ago than the retention period. Safe to run at once. */
export async function sweepRetention(db: Db, ring: KeyRing, rules: RetentionRules, now = new Date()): Promise<{ orders: number; consents: number }> {
  const due = { placedBefore: new Date(now.getTime() - rules.days * DAY_MS), abandonedBefore: new Date(now.getTime() - rules.abandonedDays * DAY_MS) };
  let orders = 0;
  let swept: number;
  do {
    swept = await retryingTransaction(db, async (tx) => {
      const batch = await lockOrdersDueForRetention(tx, due, RETENTION_BATCH);
      const counts = await scrubPeople(tx, peopleOf(ring, batch));
      await noteOnOrders(tx, batch, 'retention', 'retention');
      if (batch.length > 0) await recordRetention(tx, counts);
      return batch.length;
    });
    orders += swept;
  } while (swept === RETENTION_BATCH);
  const consents = await retryingTransaction(db, async (tx) => {
    let count = 0;
    for (const email of await findLongWithdrawnConsentEmails(tx, due.placedBefore, 1000)) {
      count += await eraseConsents(tx, email, pseudonymFor(subjectHash(ring, email)).email);
    }
    if (count > 0) await recordRetention(tx, { consents: count });
    return count;
  });
  return { orders, consents };
}

/** Each person's orders under that person's pseudonym, so the books still link them. */
function peopleOf(ring: KeyRing, orders: OrderPersonalFields[]): Person[] {
  const byEmail = new Map<string, OrderPersonalFields[]>();
  for (const o of orders) {
    const key = o.customer_email.toLowerCase();
    byEmail.set(key, [...(byEmail.get(key) ?? []), o]);
  }
  return [...byEmail].map(([email, mine]) => ({ orders: mine, pseudonym: pseudonymFor(subjectHash(ring, email)) }));
}

async function noteOnOrders(tx: Tx, orders: OrderPersonalFields[], actor: string, reason: 'erasure' | 'retention'): Promise<void> {
  for (const o of orders) await insertHistory(tx, { orderId: o.id, actor, event: 'customer_erased', detail: { reason } });
}

async function recordRetention(tx: Tx, counts: Record<string, number>): Promise<void> {
  const request = await recordPrivacyRequest(tx, { kind: 'retention', subjectHash: null, requestedBy: 'retention-sweep', counts });
  await audit(tx, { actor: 'retention-sweep', action: 'privacy.retention', subjectType: 'privacy_request', subjectId: String(request.id), detail: { counts } });
}
