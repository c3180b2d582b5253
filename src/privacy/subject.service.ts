import { findShopperEmailsForOrders } from '../notifications';
import { findHistoryForOrders, findItemsForOrders, findOrdersByEmail, toOrderView, type OrderRow } from '../orders';
import { findContactRequestsForOrders, findDisclosuresForOrders } from '../partners';
import { findPaymentsForOrders } from '../payments';
import { findRefundsForOrders } from '../refunds';
import { audit, findAuditEntries } from '../audit';
import { retryingTransaction } from '../shared/db';
import type { KeyRing } from '../shared/keys';
import { findConsentsByEmail } from './consent.repository';
import { recordPrivacyRequest, findPrivacyRequests } from './privacy-requests.repository';
import { subjectHash } from './pseudonym';
import type { Db } from '../database';

type Details = Awaited<ReturnType<typeof findOrderDetails>>;

/**
 * A data subject access request: everything held about one address, as JSON. The request itself
 * is recorded (a keyed hash of the address, who asked, when), so a person can also be told who
 * looked at their data.
 */
export async function exportSubject(db: Db, ring: KeyRing, email: string, actor: string) {
  const orders = await findOrdersByEmail(db, email);
  const details = await findOrderDetails(
    db,
    orders.map((o) => o.id),
  );
  const consents = await findConsentsByEmail(db, email);
  const hash = subjectHash(ring, email);
  const subjectIds = [...orders.map((o) => o.id), ...details.payments.map((p) => p.id), ...details.refunds.map((r) => r.id), ...consents.map((c) => String(c.id))];
  const [auditEntries, earlierRequests] = await Promise.all([findAuditEntries(db, subjectIds), findPrivacyRequests(db, hash)]);
  const numberOf = new Map(orders.map((o) => [o.id, o.number]));
  const view = {
    email,
    generated_at: new Date().toISOString(),
    orders: orders.map((o) => orderEntry(o, details)),
    consents,
    disclosures: details.disclosures.map((d) => ({ ...d, order_number: numberOf.get(d.order_id) })),
    contact_requests: details.contactRequests.map((c) => ({ ...c, order_number: numberOf.get(c.order_id) })),
    emails: details.emails.map((e) => ({ ...e, order_number: numberOf.get(e.order_id) })),
    audit: auditEntries,
    privacy_requests: earlierRequests,
  };
  await retryingTransaction(db, async (tx) => {
    const request = await recordPrivacyRequest(tx, { kind: 'access', subjectHash: hash, requestedBy: actor, counts: { orders: orders.length, consents: consents.length } });
    await audit(tx, { actor, action: 'privacy.subject_exported', subjectType: 'privacy_request', subjectId: String(request.id) });
  });
  return view;
}

/** The order as the shopper sees it, plus everything else stored with it. */
function orderEntry(o: OrderRow, d: Details) {
  const mine = <T extends { order_id: string }>(rows: T[]) => rows.filter((r) => r.order_id === o.id);
  return {
    ...toOrderView(o, mine(d.items)),
    customer: { name: o.customer_name, email: o.customer_email, company: o.customer_company, country: o.customer_country, phone: o.customer_phone },
    marketing_opt_in: o.marketing_opt_in,
    contact_me: o.contact_me,
    gpc: o.gpc,
    offline_reference: o.offline_reference,
    processor_payment_intent: o.processor_payment_intent,
    closed_at: o.closed_at,
    erased_at: o.erased_at,
    items: mine(d.items),
    payments: mine(d.payments),
    refunds: mine(d.refunds),
    history: mine(d.history),
  };
}

/** Everything else stored with these orders, table by table. */
async function findOrderDetails(db: Db, orderIds: string[]) {
  const [items, payments, refunds, history, contactRequests, disclosures, emails] = await Promise.all([
    findItemsForOrders(db, orderIds),
    findPaymentsForOrders(db, orderIds),
    findRefundsForOrders(db, orderIds),
    findHistoryForOrders(db, orderIds),
    findContactRequestsForOrders(db, orderIds),
    findDisclosuresForOrders(db, orderIds),
    findShopperEmailsForOrders(db, orderIds),
  ]);
  return { items, payments, refunds, history, contactRequests, disclosures, emails };
}
