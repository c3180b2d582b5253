import { queueEmail } from '../notifications';
import { findOrderById, findOrderItems, insertHistory, type OrderRow } from '../orders';
import { retryingTransaction } from '../shared/db';
import { OutboundRefused, resolveOutbound, type OutboundPolicy } from '../shared/http/outbound-address';
import { postToTarget } from '../shared/http/outbound-post';
import type { JobRecord } from '../jobs';
import type { KeyRing } from '../shared/keys';
import type { Logger } from '../shared/logger';
import { acknowledgeDisclosure, findContactRequest, findPartnerById, lockContactRequest, recordDisclosureAttempt, updateContactRequest } from './partners.repository';
import type { ContactRequestRow, PartnerRow } from './partners.table';
import { disclosedFields, REFERRAL_REASON, referralClaims, signReferral } from './referral';
import type { Db } from '../database';
import { countReferral } from './partners.metrics';

export interface ReferralDeps {
  db: Db;
  keys: KeyRing;
  logger: Logger;
  /** Our public base URL: the `iss` of referrals. */
  issuer: string;
  /** Where a referral may go; checked again at each delivery, on the addresses connected to. */
  outbound: OutboundPolicy;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The referral job. Sends the signed referral to the partner, outside any transaction, and marks
 * it done only on a 2xx; anything else throws so the worker retries with backoff. On the last
 * attempt (or when the partner was deactivated meanwhile) the request returns to our sales team.
 */
export async function sendReferral(deps: ReferralDeps, contactRequestId: string, job: JobRecord): Promise<void> {
  const request = await findContactRequest(deps.db, contactRequestId);
  if (!request || request.status !== 'referral_pending' || !request.partner_id || !request.referral_jti) return;
  const [order, partner] = await Promise.all([findOrderById(deps.db, request.order_id), findPartnerById(deps.db, request.partner_id)]);
  if (!order || order.erased_at || !partner) return fallBackToSales(deps.db, request, partner, 'order_or_partner_gone', false);
  if (!partner.active) return fallBackToSales(deps.db, request, partner, 'partner_inactive', true);
  try {
    await countReferral(deliver(deps, request, order, partner));
  } catch (err) {
    if (job.attempts >= job.max_attempts) await fallBackToSales(deps.db, request, partner, 'partner_unreachable', true);
    throw err;
  }
  await retryingTransaction(deps.db, async (tx) => {
    const locked = await lockContactRequest(tx, request.id);
    if (locked?.status !== 'referral_pending') return;
    await updateContactRequest(tx, request.id, { status: 'referred', referred_at: new Date() });
    await acknowledgeDisclosure(tx, request.referral_jti!);
    await insertHistory(tx, { orderId: order.id, actor: 'system', event: 'referred_to_partner', detail: { partner_id: partner.id } });
  });
}

async function deliver(deps: ReferralDeps, request: ContactRequestRow, order: OrderRow, partner: PartnerRow): Promise<void> {
  const claims = referralClaims(order, await findOrderItems(deps.db, order.id));
  const jti = request.referral_jti!;
  const body = await signReferral(deps.keys.referral, claims, { jti, issuer: deps.issuer, audience: partner.referral_url });
  // Before anything is recorded or sent: an address refused now (a DNS answer that changed since
  // the admin saved the URL, or a URL saved before the rules) receives nothing.
  const target = await resolveOutbound(new URL(partner.referral_url), deps.outbound).catch((err: unknown) => {
    if (err instanceof OutboundRefused) deps.logger.warn({ partner: partner.id, why: err.message }, 'referral refused: the partner address is not one we call');
    throw err;
  });
  await recordDisclosureAttempt(deps.db, { partnerId: partner.id, orderId: order.id, contactRequestId: request.id, fields: disclosedFields(claims), reason: REFERRAL_REASON, jti });
  // No redirects: the shopper's details go to the URL an admin entered, nowhere else.
  const status = await postToTarget(target, {
    headers: { 'Content-Type': 'application/jose', Accept: 'application/json, text/plain, */*' },
    body,
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  if (status < 200 || status > 299) throw new Error(`partner ${partner.id} answered ${status}`);
  deps.logger.info({ order: order.id, partner: partner.id }, 'referral delivered');
}

async function fallBackToSales(db: Db, request: ContactRequestRow, partner: PartnerRow | undefined, why: string, tellSales: boolean): Promise<void> {
  await retryingTransaction(db, async (tx) => {
    const locked = await lockContactRequest(tx, request.id);
    if (locked?.status !== 'referral_pending') return;
    await updateContactRequest(tx, request.id, { status: 'referral_failed' });
    await insertHistory(tx, { orderId: request.order_id, actor: 'system', event: 'referral_failed', detail: { partner_id: partner?.id ?? null, why } });
    if (tellSales) await queueEmail(tx, request.order_id, { kind: 'sales_contact_request', occurrence: 'referral_failed', detail: { failed_partner: partner?.name ?? null } });
  });
}
