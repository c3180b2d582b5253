import { sql, type Kysely } from 'kysely';

/** Frozen in time. The order export looks up each order's pending refunds: this index holds only
 * those (usually none), so the lookup stays a probe into a near-empty index. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index refunds_pending_order_idx on refunds (order_id) where status = 'pending'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists refunds_pending_order_idx`.execute(db);
}
