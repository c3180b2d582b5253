import { sql } from 'kysely';
import type { IdempotencyKeyTable } from './idempotency.table';
import type { Selectable } from 'kysely';
import type { Db, Tx } from '../database';

export type IdempotencyRow = Selectable<IdempotencyKeyTable>;

/** To the millisecond, as a JS Date holds it: the exact value read back names this lease's holder. */
const leaseEnd = (leaseMs: number) => sql<Date>`date_trunc('milliseconds', now() + ${`${leaseMs} milliseconds`}::interval)`;

/** Claims the key for this request, or returns the row another request wrote first. The insert
 * is the arbiter: two instances racing on one key get one winner from the primary key. */
export async function claimKey(db: Db | Tx, scope: string, keyHash: Buffer, requestHash: string, leaseMs: number): Promise<{ claimed: boolean; row: IdempotencyRow }> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({ scope, key_hash: keyHash, request_hash: requestHash, state: 'running', locked_until: leaseEnd(leaseMs) as never })
    .onConflict((oc) => oc.columns(['scope', 'key_hash']).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { claimed: true, row: inserted };
  const existing = await db.selectFrom('idempotency_keys').selectAll().where('scope', '=', scope).where('key_hash', '=', keyHash).executeTakeFirstOrThrow();
  return { claimed: false, row: existing };
}

/** Takes over a running key whose lease ran out (its request failed or its process died). Only
 * one of several concurrent retries wins the conditional update. */
export async function takeOverExpiredKey(db: Db | Tx, scope: string, keyHash: Buffer, leaseMs: number): Promise<IdempotencyRow | undefined> {
  return db
    .updateTable('idempotency_keys')
    .set({ locked_until: leaseEnd(leaseMs) as never, updated_at: new Date() })
    .where('scope', '=', scope)
    .where('key_hash', '=', keyHash)
    .where('state', '=', 'running')
    .where('locked_until', '<=', sql<Date>`now()`)
    .returningAll()
    .executeTakeFirst();
}

/** Extends a lease this request still holds (its end is still the one it set last); undefined when
 * the key is done, freed, taken over, or its claim is not (or never was) committed. */
export async function renewLease(db: Db, scope: string, keyHash: Buffer, heldUntil: Date, leaseMs: number): Promise<Date | undefined> {
  const row = await db
    .updateTable('idempotency_keys')
    .set({ locked_until: leaseEnd(leaseMs) as never })
    .where('scope', '=', scope)
    .where('key_hash', '=', keyHash)
    .where('state', '=', 'running')
    .where('locked_until', '=', heldUntil)
    .returning('locked_until')
    .executeTakeFirst();
  return row?.locked_until ?? undefined;
}

export async function keyExists(db: Db, scope: string, keyHash: Buffer): Promise<boolean> {
  return (await db.selectFrom('idempotency_keys').select('scope').where('scope', '=', scope).where('key_hash', '=', keyHash).executeTakeFirst()) !== undefined;
}

export async function attachResource(db: Db | Tx, scope: string, keyHash: Buffer, resourceId: string): Promise<void> {
  await db.updateTable('idempotency_keys').set({ resource_id: resourceId, updated_at: new Date() }).where('scope', '=', scope).where('key_hash', '=', keyHash).execute();
}

export async function completeKey(db: Db | Tx, scope: string, keyHash: Buffer, status: number, body: unknown): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', response_status: status, response_body: JSON.stringify(body), locked_until: null, updated_at: new Date() })
    .where('scope', '=', scope)
    .where('key_hash', '=', keyHash)
    .execute();
}

/** Lets a retry take over at once (after a processor failure), keeping the resource made so far. */
export async function releaseKey(db: Db, scope: string, keyHash: Buffer): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ locked_until: sql<Date>`now()` as never, updated_at: new Date() })
    .where('scope', '=', scope)
    .where('key_hash', '=', keyHash)
    .where('state', '=', 'running')
    .execute();
}

/** A request whose key never completed and that holds no resource: forget it so it can run anew. */
export async function deleteKey(db: Db, scope: string, keyHash: Buffer): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('scope', '=', scope).where('key_hash', '=', keyHash).where('state', '=', 'running').where('resource_id', 'is', null).execute();
}

export async function purgeKeysOlderThan(db: Db, hours: number): Promise<number> {
  const res = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - ${`${hours} hours`}::interval`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Forgets the keys that made any of these resources, with the answers stored for their replay. */
export async function deleteKeysForResources(db: Db | Tx, resourceIds: string[]): Promise<number> {
  if (resourceIds.length === 0) return 0;
  const res = await db.deleteFrom('idempotency_keys').where('resource_id', 'in', resourceIds).executeTakeFirst();
  return Number(res.numDeletedRows);
}
