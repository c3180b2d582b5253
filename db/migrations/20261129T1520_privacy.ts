import { sql, type Kysely } from 'kysely';

/** Frozen in time. The consent ledger and the log of privacy requests (access, erasure, retention). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table consents (
      id bigint generated always as identity primary key,
      email text not null,
      purpose text not null constraint consents_purpose_check check (purpose in ('product_alerts')),
      given_at timestamptz not null default now(),
      order_id uuid references orders (id),
      wording_version text not null,
      wording text not null,
      source text not null,
      withdrawn_at timestamptz,
      withdrawn_via text,
      constraint consents_withdrawal_whole check ((withdrawn_at is null) = (withdrawn_via is null))
    );
    create index consents_current_idx on consents (purpose, lower(email)) where withdrawn_at is null;
    create index consents_email_idx on consents (lower(email));
    create index consents_order_idx on consents (order_id) where order_id is not null;

    -- Append-only, like audit_log: what a person agreed to, when and to which words is never
    -- rewritten. Two changes are allowed: a withdrawal is written once (null to a value, never back),
    -- and an erasure replaces the address with its pseudonym.
    create function consents_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'consents is append-only' using errcode = 'insufficient_privilege';
      end if;
      if (new.id, new.purpose, new.given_at, new.order_id, new.wording_version, new.wording, new.source)
           is distinct from (old.id, old.purpose, old.given_at, old.order_id, old.wording_version, old.wording, old.source)
         or (old.withdrawn_at is not null and (new.withdrawn_at, new.withdrawn_via) is distinct from (old.withdrawn_at, old.withdrawn_via))
         or (new.email is distinct from old.email and new.email not like 'erased-%') then
        raise exception 'consents is append-only: only a withdrawal or an erasure may change a row'
          using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$;
    create trigger consents_append_only before update or delete on consents
      for each row execute function consents_append_only();

    create table privacy_requests (
      id bigint generated always as identity primary key,
      kind text not null constraint privacy_requests_kind_check check (kind in ('access', 'erasure', 'retention')),
      subject_hash text,
      requested_by text not null,
      at timestamptz not null default now(),
      counts jsonb not null default '{}'
    );
    create index privacy_requests_subject_idx on privacy_requests (subject_hash, at);

    create index orders_retention_idx on orders (created_at) where erased_at is null;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index if exists orders_retention_idx;
    drop table if exists privacy_requests, consents;
    drop function if exists consents_append_only();
  `.execute(db);
}
