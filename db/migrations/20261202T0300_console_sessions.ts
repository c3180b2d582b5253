import { sql, type Kysely } from 'kysely';

/** Frozen in time. Console sign-ins: a session row per signed-in browser (only the SHA-256 of its
 * cookie value is kept, so a copy of the database signs nobody in), and a pending row per
 * sign-in started at the identity provider (its PKCE verifier, state and nonce until the callback). */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table console_sessions (
      id_hash bytea not null,
      sub text not null,
      roles text[] not null,
      csrf_token text not null,
      via text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      revoked_at timestamptz,
      constraint console_sessions_pkey primary key (id_hash),
      constraint console_sessions_via_check check (via in ('dev', 'oidc'))
    );
    create index console_sessions_sub_idx on console_sessions (sub);
    create table console_sign_ins (
      id_hash bytea not null,
      state text not null,
      nonce text not null,
      code_verifier text not null,
      expires_at timestamptz not null,
      constraint console_sign_ins_pkey primary key (id_hash)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table console_sign_ins; drop table console_sessions;`.execute(db);
}
