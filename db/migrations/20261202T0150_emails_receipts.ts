import { sql, type Kysely } from 'kysely';

/** Frozen in time. Two more kinds of email to the shopper: the receipt once an order is paid (every
 * buyer, card ones included) and a notice of each refund; the delivery kinds of 20261202T0100 stay. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table emails drop constraint emails_kind_check;
    alter table emails add constraint emails_kind_check check (kind in (
      'order_received', 'payment_received', 'order_expired', 'order_cancelled',
      'sales_new_order', 'sales_contact_request', 'order_paid', 'refund_issued',
      'licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from emails where kind in ('order_paid', 'refund_issued');
    alter table emails drop constraint emails_kind_check;
    alter table emails add constraint emails_kind_check check (kind in (
      'order_received', 'payment_received', 'order_expired', 'order_cancelled',
      'sales_new_order', 'sales_contact_request',
      'licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation'));
  `.execute(db);
}
