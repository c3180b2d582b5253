import { sql, type Kysely } from 'kysely';

/** Frozen in time. What delivery needs on products (licence term and download for software;
 * start, end, time zone and place for training and events; a sales cutoff), and the delivered
 * things themselves: licences, tickets, training seats with their attendees, download links.
 * One row per unit delivered, unique per (order, line, seat), so a delivery that runs twice
 * inserts nothing the second time. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table products
      add column licence_term_months integer constraint products_licence_term_range check (licence_term_months between 1 and 1200),
      add column download_file text constraint products_download_file_name check (download_file ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$'),
      add column starts_at timestamptz,
      add column ends_at timestamptz,
      add column time_zone text,
      add column location text,
      add column online_url text,
      add column venue text,
      add column sales_end_at timestamptz,
      add constraint products_ends_after_start check (ends_at is null or starts_at is null or ends_at > starts_at);

    create table licences (
      id uuid primary key,
      order_id uuid not null references orders (id),
      line_no integer not null,
      sku text not null,
      quantity integer not null constraint licences_quantity_positive check (quantity > 0),
      licence_key text not null,
      issued_at timestamptz not null,
      expires_at timestamptz,
      revoked_at timestamptz,
      revoke_reason text,
      constraint licences_order_line_key unique (order_id, line_no)
    );
    create index licences_revoked_idx on licences (revoked_at) where revoked_at is not null;

    create table tickets (
      id uuid primary key,
      order_id uuid not null references orders (id),
      line_no integer not null,
      seat_no integer not null,
      sku text not null,
      code text not null constraint tickets_code_key unique,
      token text not null,
      issued_at timestamptz not null default now(),
      checked_in_at timestamptz,
      checked_in_by text,
      revoked_at timestamptz,
      constraint tickets_order_seat_key unique (order_id, line_no, seat_no)
    );

    create table attendees (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders (id),
      line_no integer not null,
      seat_no integer not null,
      sku text not null,
      name text,
      email text,
      version integer not null default 0,
      updated_at timestamptz not null default now(),
      released_at timestamptz,
      constraint attendees_order_seat_key unique (order_id, line_no, seat_no)
    );
    create index attendees_sku_idx on attendees (sku, order_id);

    create table download_links (
      id uuid primary key,
      licence_id uuid not null references licences (id),
      expires_at timestamptz not null,
      max_uses integer not null constraint download_links_max_uses_positive check (max_uses > 0),
      uses integer not null default 0 constraint download_links_uses_within check (uses between 0 and max_uses),
      created_at timestamptz not null default now()
    );
    create index download_links_licence_idx on download_links (licence_id, created_at desc);

    alter table emails drop constraint emails_kind_check;
    alter table emails add constraint emails_kind_check check (kind in (
      'order_received', 'payment_received', 'order_expired', 'order_cancelled',
      'sales_new_order', 'sales_contact_request',
      'licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation'));
    alter table emails drop constraint emails_recipient_check;
    alter table emails add constraint emails_recipient_check check (recipient in ('shopper', 'sales', 'attendee'));
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    delete from emails where kind in ('licences_delivered', 'tickets_delivered', 'seats_delivered', 'attendee_invitation');
    alter table emails drop constraint emails_kind_check;
    alter table emails add constraint emails_kind_check check (kind in (
      'order_received', 'payment_received', 'order_expired', 'order_cancelled',
      'sales_new_order', 'sales_contact_request'));
    alter table emails drop constraint emails_recipient_check;
    alter table emails add constraint emails_recipient_check check (recipient in ('shopper', 'sales'));
    drop table if exists download_links, attendees, tickets, licences;
    alter table products drop constraint products_ends_after_start,
      drop column licence_term_months, drop column download_file, drop column starts_at, drop column ends_at,
      drop column time_zone, drop column location, drop column online_url, drop column venue, drop column sales_end_at;
  `.execute(db);
}
