import { sql, type Kysely } from 'kysely';

/** Frozen in time. One more kind of email to the shopper: the hold of a pay-via-sales order moved
 * later by sales, with the new end; the kinds of 20261202T0150 stay. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table emails drop constraint emails_kind_check;
    alter table emails add constraint emails_kind_check check (kind in (
      'order_received', 'payment_received', 'order_expired', 'order_cancelled',
      'sales_new_order', 'sales_contact_request', 'order_paid', 'refund_issued', 'hold_extended',
      'licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from emails where kind = 'hold_extended';
    alter table emails drop constraint emails_kind_check;
    alter table emails add constraint emails_kind_check check (kind in (
      'order_received', 'payment_received', 'order_expired', 'order_cancelled',
      'sales_new_order', 'sales_contact_request', 'order_paid', 'refund_issued',
      'licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation'));
  `.execute(db);
}
