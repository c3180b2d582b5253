import { sql } from 'kysely';
import type { ConsentPurpose, ConsentRow } from './privacy.table';
import type { Db, Tx } from '../database';

export async function insertConsent(
  tx: Tx,
  c: { email: string; purpose: ConsentPurpose; orderId: string | null; wordingVersion: string; wording: string; source: string },
): Promise<ConsentRow> {
  return tx
    .insertInto('consents')
    .values({ email: c.email, purpose: c.purpose, order_id: c.orderId, wording_version: c.wordingVersion, wording: c.wording, source: c.source })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findConsentById(db: Db | Tx, id: number): Promise<ConsentRow | undefined> {
  return db.selectFrom('consents').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Withdraws the person's current consents for the purpose up to and including `upToId`: a link
 * cannot withdraw a consent given after it was made. */
export async function withdrawConsents(tx: Tx, w: { email: string; purpose: ConsentPurpose; upToId: number; via: string }): Promise<number> {
  const result = await tx
    .updateTable('consents')
    .set({ withdrawn_at: new Date(), withdrawn_via: w.via })
    .where(sql<string>`lower(email)`, '=', w.email.toLowerCase())
    .where('purpose', '=', w.purpose)
    .where('withdrawn_at', 'is', null)
    .where('id', '<=', w.upToId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export interface OptIn {
  email: string;
  consent_id: number;
  since: Date;
  wording_version: string;
}

/** One line per person currently opted in (their latest consent), ordered by email for paging. */
export async function listCurrentOptIns(db: Db, purpose: ConsentPurpose, page: { limit: number; after?: string }): Promise<OptIn[]> {
  let query = db
    .selectFrom('consents')
    .select(['email', 'id as consent_id', 'given_at as since', 'wording_version'])
    .distinctOn(sql`lower(email)`)
    .where('purpose', '=', purpose)
    .where('withdrawn_at', 'is', null)
    .where('email', 'not like', 'erased-%');
  if (page.after !== undefined) query = query.where(sql<string>`lower(email)`, '>', page.after.toLowerCase());
  return query
    .orderBy(sql`lower(email)`)
    .orderBy('given_at', 'desc')
    .limit(page.limit)
    .execute();
}

/** The person's newest consent for the purpose that is still current. */
export async function findLatestCurrentConsent(db: Db, email: string, purpose: ConsentPurpose): Promise<ConsentRow | undefined> {
  return db
    .selectFrom('consents')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .where('purpose', '=', purpose)
    .where('withdrawn_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function findConsentsByEmail(db: Db | Tx, email: string): Promise<ConsentRow[]> {
  return db
    .selectFrom('consents')
    .selectAll()
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .orderBy('id')
    .execute();
}

/** The person's consents: the address becomes the pseudonym's, and any still current is withdrawn
 * (an erased person cannot be mailed). The ledger's trigger allows exactly this change. */
export async function eraseConsents(tx: Tx, email: string, pseudonymEmail: string): Promise<number> {
  const result = await tx
    .updateTable('consents')
    .set((eb) => ({
      email: pseudonymEmail,
      withdrawn_at: eb.fn.coalesce('withdrawn_at', sql<Date>`now()`),
      withdrawn_via: eb.fn.coalesce('withdrawn_via', sql.lit('erasure')),
    }))
    .where(sql<string>`lower(email)`, '=', email.toLowerCase())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Addresses (in lower case, not yet erased) whose every consent was withdrawn before `before`. */
export async function findLongWithdrawnConsentEmails(tx: Tx, before: Date, limit: number): Promise<string[]> {
  const rows = await tx
    .selectFrom('consents')
    .select(sql<string>`lower(email)`.as('email'))
    .where('email', 'not like', 'erased-%')
    .groupBy(sql`lower(email)`)
    .having((eb) => eb.and([sql<boolean>`bool_and(withdrawn_at is not null)`, eb(eb.fn.max('withdrawn_at'), '<', before)]))
    .limit(limit)
    .execute();
  return rows.map((r) => r.email);
}
