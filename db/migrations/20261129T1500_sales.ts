import { sql, type Kysely } from 'kysely';

/** Frozen in time. Pay via sales: reseller partners, shoppers' contact requests, the log of what was
 * disclosed to a partner, and the outbox of notification emails. None of these tables holds a
 * shopper's personal data: it stays on the order (so an erasure has one place to pseudonymise). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table partners (
      id uuid primary key default gen_random_uuid(),
      name text not null constraint partners_name_length check (char_length(name) between 1 and 200),
      countries text[] not null constraint partners_countries_nonempty check (cardinality(countries) > 0),
      referral_url text not null,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index partners_countries_idx on partners using gin (countries) where active;

    create table contact_requests (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null constraint contact_requests_order_key unique references orders (id),
      status text not null constraint contact_requests_status_check
        check (status in ('with_sales', 'referral_pending', 'referred', 'referral_failed')),
      partner_id uuid references partners (id),
      -- The referral's JWT id, fixed when it is queued: every retry carries the same one, so a
      -- partner can tell a repeat from a new referral.
      referral_jti uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      referred_at timestamptz,
      constraint contact_requests_partner_whole check ((partner_id is null) = (referral_jti is null))
    );
    create index contact_requests_status_idx on contact_requests (status, created_at);

    create table disclosures (
      id bigint generated always as identity primary key,
      partner_id uuid not null references partners (id),
      order_id uuid not null references orders (id),
      contact_request_id uuid not null references contact_requests (id),
      fields text[] not null,
      reason text not null,
      jti uuid not null constraint disclosures_jti_key unique,
      disclosed_at timestamptz not null default now(),
      attempts integer not null default 0,
      acknowledged_at timestamptz
    );
    create index disclosures_order_idx on disclosures (order_id);

    create table emails (
      id bigint generated always as identity primary key,
      dedupe_key text not null constraint emails_dedupe_key unique,
      order_id uuid not null references orders (id),
      kind text not null constraint emails_kind_check check (kind in (
        'order_received', 'payment_received', 'order_expired', 'order_cancelled',
        'sales_new_order', 'sales_contact_request')),
      recipient text not null constraint emails_recipient_check check (recipient in ('shopper', 'sales')),
      detail jsonb not null default '{}',
      status text not null default 'pending' constraint emails_status_check check (status in ('pending', 'sent', 'skipped')),
      message_id text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    );
    create index emails_order_idx on emails (order_id, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists emails, disclosures, contact_requests, partners cascade;`.execute(db);
}
