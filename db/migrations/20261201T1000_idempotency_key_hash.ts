import { sql, type Kysely } from 'kysely';

/** Frozen in time. An Idempotency-Key is whatever string the client chose, so it may hold anything
 * a shopper typed: only its SHA-256 is kept, as bytes. Keys stored before are hashed in place, so
 * a retry that spans the upgrade still finds its request. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table idempotency_keys add column key_hash bytea;
    update idempotency_keys set key_hash = sha256(convert_to(key, 'UTF8'));
    alter table idempotency_keys alter column key_hash set not null;
    alter table idempotency_keys drop constraint idempotency_keys_pkey;
    alter table idempotency_keys drop column key;
    alter table idempotency_keys add constraint idempotency_keys_pkey primary key (scope, key_hash);
  `.execute(db);
}

/** The keys themselves are gone: rows come back under the hex of their hash, which no retry sends. */
export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table idempotency_keys add column key text;
    update idempotency_keys set key = encode(key_hash, 'hex');
    alter table idempotency_keys alter column key set not null;
    alter table idempotency_keys drop constraint idempotency_keys_pkey;
    alter table idempotency_keys drop column key_hash;
    alter table idempotency_keys add constraint idempotency_keys_pkey primary key (scope, key);
  `.execute(db);
}
