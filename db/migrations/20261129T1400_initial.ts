import { sql, type Kysely } from 'kysely';

/** Frozen in time: never edit a landed migration; add a new one. Money is bigint minor units beside
 * a char(3) currency; constraints and indexes are named so code can match on them. */
export async function up(db: Kysely<any>): Promise<void> {
  await catalog(db);
  await orders(db);
  await payments(db);
  await plumbing(db);
}

async function catalog(db: Kysely<any>): Promise<void> {
  await sql`
    create table products (
      sku text primary key constraint products_sku_format check (sku ~ '^[A-Z0-9][A-Z0-9-]{1,63}$'),
      name text not null,
      kind text not null constraint products_kind_check check (kind in ('software', 'training', 'event')),
      description text not null default '',
      capacity integer constraint products_capacity_positive check (capacity > 0),
      seats_taken integer not null default 0,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint products_seats_within_capacity
        check (seats_taken >= 0 and (capacity is null or seats_taken <= capacity))
    );
    create table product_prices (
      sku text not null references products (sku) on update cascade on delete cascade,
      currency char(3) not null constraint product_prices_currency_format check (currency ~ '^[A-Z]{3}$'),
      unit_amount bigint not null constraint product_prices_amount_positive check (unit_amount > 0),
      constraint product_prices_pkey primary key (sku, currency)
    );
    create table tax_rates (
      country char(2) primary key,
      rate_bp integer not null constraint tax_rates_rate_range check (rate_bp between 0 and 10000),
      label text not null
    );
  `.execute(db);
}

async function orders(db: Kysely<any>): Promise<void> {
  await sql`
    create sequence order_number_seq;
    create table orders (
      id uuid primary key default gen_random_uuid(),
      number text not null constraint orders_number_key unique,
      status text not null constraint orders_status_check check (status in (
        'pending_payment', 'awaiting_offline_payment', 'paid', 'partially_refunded', 'refunded',
        'expired', 'cancelled', 'disputed')),
      payment_method text not null constraint orders_payment_method_check check (payment_method in ('card', 'sales')),
      currency char(3) not null,
      subtotal bigint not null constraint orders_subtotal_nonneg check (subtotal >= 0),
      tax bigint not null constraint orders_tax_nonneg check (tax >= 0),
      total bigint not null constraint orders_total_sum check (total = subtotal + tax),
      amount_paid bigint not null default 0 constraint orders_paid_range check (amount_paid between 0 and total),
      amount_refunded bigint not null default 0
        constraint orders_refunded_range check (amount_refunded between 0 and amount_paid),
      customer_name text not null,
      customer_email text not null,
      customer_company text,
      customer_country char(2) not null,
      customer_phone text,
      marketing_opt_in boolean not null default false,
      contact_me boolean not null default false,
      gpc boolean not null default false,
      offline_reference text constraint orders_offline_reference_key unique,
      processor_session_id text constraint orders_processor_session_key unique,
      processor_payment_intent text,
      processor_charge text,
      seats_held boolean not null default false,
      hold_expires_at timestamptz,
      needs_attention boolean not null default false,
      attention_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      paid_at timestamptz,
      closed_at timestamptz,
      erased_at timestamptz
    );
    create index orders_created_idx on orders (created_at desc, id desc);
    create index orders_status_created_idx on orders (status, created_at desc, id desc);
    create index orders_paid_at_idx on orders (paid_at) where paid_at is not null;
    create index orders_customer_email_idx on orders (lower(customer_email));
    create index orders_payment_intent_idx on orders (processor_payment_intent) where processor_payment_intent is not null;
    create index orders_holds_idx on orders (hold_expires_at)
      where status in ('pending_payment', 'awaiting_offline_payment');

    create table order_items (
      order_id uuid not null references orders (id) on delete cascade,
      line_no integer not null,
      sku text not null references products (sku) on update cascade,
      name text not null,
      quantity integer not null constraint order_items_quantity_range check (quantity between 1 and 100),
      unit_amount bigint not null constraint order_items_unit_nonneg check (unit_amount >= 0),
      amount bigint not null constraint order_items_amount_product check (amount = unit_amount * quantity),
      tax_rate_bp integer not null default 0,
      tax_amount bigint not null default 0,
      constraint order_items_pkey primary key (order_id, line_no)
    );

    create table order_history (
      id bigint generated always as identity primary key,
      order_id uuid not null references orders (id) on delete cascade,
      at timestamptz not null default now(),
      actor text not null,
      event text not null,
      from_status text,
      to_status text,
      detail jsonb
    );
    create index order_history_order_idx on order_history (order_id, id);
  `.execute(db);
}

async function payments(db: Kysely<any>): Promise<void> {
  await sql`
    create table payments (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders (id),
      amount bigint not null constraint payments_amount_positive check (amount > 0),
      currency char(3) not null,
      method text not null constraint payments_method_check
        check (method in ('card', 'bank_transfer', 'check', 'purchase_order', 'other')),
      reference text,
      processor_payment_intent text,
      recorded_by text not null,
      created_at timestamptz not null default now()
    );
    -- One processor payment is recorded once, whichever path (webhook, return, sweep) sees it first.
    create unique index payments_processor_payment_intent_key on payments (processor_payment_intent)
      where processor_payment_intent is not null;
    create index payments_order_idx on payments (order_id);

    create table refunds (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null references orders (id),
      amount bigint not null constraint refunds_amount_positive check (amount > 0),
      currency char(3) not null,
      reason text,
      method text not null,
      reference text,
      processor_refund_id text constraint refunds_processor_refund_key unique,
      status text not null default 'pending' constraint refunds_status_check
        check (status in ('pending', 'succeeded', 'failed')),
      requested_by text not null,
      created_at timestamptz not null default now(),
      settled_at timestamptz
    );
    create index refunds_order_idx on refunds (order_id);

    create table webhook_events (
      event_id text primary key,
      type text not null,
      object_id text,
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      outcome text
    );
  `.execute(db);
}

async function plumbing(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      scope text not null,
      key text not null,
      request_hash text not null,
      state text not null constraint idempotency_keys_state_check check (state in ('running', 'done')),
      locked_until timestamptz,
      response_status integer,
      response_body jsonb,
      resource_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint idempotency_keys_pkey primary key (scope, key)
    );
    create index idempotency_keys_created_idx on idempotency_keys (created_at);

    create table jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      payload jsonb not null default '{}',
      dedupe_key text constraint jobs_dedupe_key unique,
      run_at timestamptz not null default now(),
      attempts integer not null default 0,
      max_attempts integer not null default 25,
      locked_until timestamptz,
      locked_by text,
      last_error text,
      done_at timestamptz,
      failed_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index jobs_due_idx on jobs (run_at) where done_at is null and failed_at is null;

    create table audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      subject_type text not null,
      subject_id text,
      before jsonb,
      after jsonb,
      detail jsonb
    );
    create index audit_log_subject_idx on audit_log (subject_type, subject_id, id);
    -- Append-only: the log of who did what cannot be edited or deleted from the application.
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end $$;
    create trigger audit_log_no_update before update or delete on audit_log
      for each row execute function audit_log_append_only();
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists audit_log, jobs, idempotency_keys, webhook_events, refunds, payments,
      order_history, order_items, orders, tax_rates, product_prices, products cascade;
    drop sequence if exists order_number_seq;
    drop function if exists audit_log_append_only();
  `.execute(db);
}
