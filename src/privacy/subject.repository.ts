import { sql } from 'kysely';
import type { Db } from '../shared/db';

/** Everything stored about one email address, table by table. Reads only; no rules. */

export async function findOrdersByEmail(db: Db, email: string) {
  return db
    .selectFrom('orders')
    .selectAll()
    .where(sql<string>`lower(customer_email)`, '=', email.toLowerCase())
    .orderBy('created_at')
    .execute();
}

export async function findOrderDetails(db: Db, orderIds: string[]) {
  if (orderIds.length === 0) return { items: [], payments: [], refunds: [], history: [], contactRequests: [], disclosures: [], emails: [] };
  const [items, payments, refunds, history, contactRequests, disclosures, emails] = await Promise.all([
    db.selectFrom('order_items').selectAll().where('order_id', 'in', orderIds).orderBy('order_id').orderBy('line_no').execute(),
    db.selectFrom('payments').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').execute(),
    db.selectFrom('refunds').selectAll().where('order_id', 'in', orderIds).orderBy('created_at').execute(),
    db.selectFrom('order_history').selectAll().where('order_id', 'in', orderIds).orderBy('id').execute(),
    db.selectFrom('contact_requests').selectAll().where('order_id', 'in', orderIds).execute(),
    db
      .selectFrom('disclosures')
      .innerJoin('partners', 'partners.id', 'disclosures.partner_id')
      .select(['disclosures.id', 'disclosures.order_id', 'disclosures.partner_id', 'partners.name as partner_name', 'disclosures.fields', 'disclosures.reason', 'disclosures.disclosed_at', 'disclosures.acknowledged_at'])
      .where('disclosures.order_id', 'in', orderIds)
      .orderBy('disclosures.id')
      .execute(),
    db
      .selectFrom('emails')
      .select(['id', 'order_id', 'kind', 'status', 'created_at', 'sent_at'])
      .where('order_id', 'in', orderIds)
      .where('recipient', '=', 'shopper')
      .orderBy('id')
      .execute(),
  ]);
  return { items, payments, refunds, history, contactRequests, disclosures, emails };
}

/** Audit entries about any of these subjects (orders, their payments and refunds, consents). */
export async function findAuditEntries(db: Db, subjectIds: string[]) {
  if (subjectIds.length === 0) return [];
  return db.selectFrom('audit_log').selectAll().where('subject_id', 'in', subjectIds).orderBy('id').execute();
}
