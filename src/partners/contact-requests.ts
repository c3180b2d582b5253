import { randomUUID } from 'node:crypto';
import { queueEmail } from '../notifications';
import { insertHistory, type OrderCreatedHook } from '../orders';
import { enqueue } from '../jobs';
import { findActivePartnerFor, insertContactRequest } from './partners.repository';

export const REFERRAL_JOB = 'partner.referral';
/** A partner may be down for a while: with the worker's backoff (capped at an hour) this keeps
 * trying for about two days before the request falls back to our own sales team. */
export const REFERRAL_MAX_ATTEMPTS = 60;

/**
 * Runs in the transaction that creates the order. Only a shopper who set `contact_me` gets a
 * contact request; it goes to the partner covering their country when there is one (a referral
 * job, sent after commit), else it stays with our sales queue. Sales hear of it either way.
 */
export const recordContactRequest: OrderCreatedHook = async (tx, order) => {
  if (!order.contact_me) return;
  const partner = await findActivePartnerFor(tx, order.customer_country);
  const request = await insertContactRequest(tx, {
    order_id: order.id,
    status: partner ? 'referral_pending' : 'with_sales',
    partner_id: partner?.id ?? null,
    referral_jti: partner ? randomUUID() : null,
  });
  if (partner) {
    await enqueue(tx, REFERRAL_JOB, { contactRequestId: request.id }, { dedupeKey: `referral:${order.id}:${partner.id}`, maxAttempts: REFERRAL_MAX_ATTEMPTS });
  }
  await insertHistory(tx, {
    orderId: order.id,
    actor: 'shopper',
    event: 'contact_requested',
    detail: { routed_to: partner ? 'partner' : 'sales', partner_id: partner?.id ?? null },
  });
  await queueEmail(tx, order.id, { kind: 'sales_contact_request', detail: partner ? { partner_name: partner.name } : {} });
};
