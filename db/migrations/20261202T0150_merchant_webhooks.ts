import { sql, type Kysely } from 'kysely';

/** Frozen in time. Signed events to the merchant's other systems (Standard Webhooks): the endpoints
 * admins register, the events (one row per thing that happened, unique by its key), one delivery
 * per event and endpoint, and every attempt made to deliver it. No table holds personal data: the
 * payloads carry order ids, numbers, statuses and amounts only. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table merchant_webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      url text not null,
      event_types text[] not null constraint merchant_webhook_endpoints_types_check check (cardinality(event_types) > 0),
      active boolean not null default true,
      -- The whsec_ signing secret: HMAC needs it in clear to sign; it is never answered after create.
      secret text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table merchant_events (
      id text primary key,
      type text not null,
      dedupe_key text constraint merchant_events_dedupe_key unique,
      data jsonb not null,
      created_at timestamptz not null default now()
    );

    create table merchant_webhook_deliveries (
      id bigint generated always as identity primary key,
      event_id text not null references merchant_events (id) on delete cascade,
      endpoint_id uuid not null references merchant_webhook_endpoints (id) on delete cascade,
      status text not null default 'pending' constraint merchant_webhook_deliveries_status_check check (status in ('pending', 'succeeded', 'failed')),
      attempts integer not null default 0,
      redeliveries integer not null default 0,
      last_status_code integer,
      last_error text,
      created_at timestamptz not null default now(),
      delivered_at timestamptz,
      constraint merchant_webhook_deliveries_once unique (event_id, endpoint_id)
    );
    create index merchant_webhook_deliveries_endpoint_idx on merchant_webhook_deliveries (endpoint_id, id desc);

    create table merchant_webhook_attempts (
      id bigint generated always as identity primary key,
      delivery_id bigint not null references merchant_webhook_deliveries (id) on delete cascade,
      at timestamptz not null default now(),
      status_code integer,
      error text
    );
    create index merchant_webhook_attempts_delivery_idx on merchant_webhook_attempts (delivery_id, id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists merchant_webhook_attempts, merchant_webhook_deliveries, merchant_events, merchant_webhook_endpoints cascade;`.execute(db);
}
