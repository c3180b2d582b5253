import type { EmailKind, EmailRow } from './emails.table';
import type { Db, Tx } from '../database';

/** Adds the email to the outbox unless one with the same key exists; returns its id when new. */
export async function insertEmail(
  tx: Tx,
  e: { dedupeKey: string; orderId: string; kind: EmailKind; recipient: 'shopper' | 'sales' | 'attendee'; detail: unknown },
): Promise<number | undefined> {
  const row = await tx
    .insertInto('emails')
    .values({ dedupe_key: e.dedupeKey, order_id: e.orderId, kind: e.kind, recipient: e.recipient, detail: JSON.stringify(e.detail ?? {}) })
    .onConflict((oc) => oc.constraint('emails_dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function findEmail(db: Db, id: number): Promise<EmailRow | undefined> {
  return db.selectFrom('emails').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markEmail(db: Db, id: number, status: 'sent' | 'skipped', messageId: string | null): Promise<void> {
  await db.updateTable('emails').set({ status, message_id: messageId, sent_at: new Date() }).where('id', '=', id).execute();
}

/** The emails to the shopper of these orders, without their content. */
export async function findShopperEmailsForOrders(db: Db | Tx, orderIds: string[]) {
  if (orderIds.length === 0) return [];
  return db
    .selectFrom('emails')
    .select(['id', 'order_id', 'kind', 'status', 'created_at', 'sent_at'])
    .where('order_id', 'in', orderIds)
    .where('recipient', '=', 'shopper')
    .orderBy('id')
    .execute();
}
