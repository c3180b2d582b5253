import { sql, type RawBuilder } from 'kysely';
import type { Tx } from '../shared/db';
import type { Pseudonym } from './pseudonym';

export interface PersonalFields {
  id: string;
  customer_name: string;
  customer_email: string;
  customer_company: string | null;
  customer_phone: string | null;
}

const PERSONAL_COLUMNS = ['id', 'customer_name', 'customer_email', 'customer_company', 'customer_phone'] as const;

export type ScrubCounts = Record<'orders' | 'history' | 'payments' | 'refunds' | 'jobs' | 'idempotency_keys', number>;

/** Locks the not yet erased orders placed with this address. */
export async function lockOrdersOfEmail(tx: Tx, email: string): Promise<PersonalFields[]> {
  return tx
    .selectFrom('orders')
    .select(PERSONAL_COLUMNS)
    .where(sql<string>`lower(customer_email)`, '=', email.toLowerCase())
    .where('erased_at', 'is', null)
    .forUpdate()
    .execute();
}

/** Orders due under the retention rules; SKIP LOCKED, so two sweeps (or a sweep and a payment) never wait on each other. */
export async function lockOrdersDueForRetention(tx: Tx, due: { placedBefore: Date; abandonedBefore: Date }, limit: number): Promise<PersonalFields[]> {
  return tx
    .selectFrom('orders')
    .select(PERSONAL_COLUMNS)
    .where('erased_at', 'is', null)
    .where((eb) =>
      eb.or([
        eb('created_at', '<', due.placedBefore),
        eb.and([eb('created_at', '<', due.abandonedBefore), eb('status', 'in', ['expired', 'cancelled']), eb('amount_paid', '=', 0)]),
      ]),
    )
    .orderBy('created_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** A regular expression matching any of the values, case-insensitively, as written in plain text
 * (`json: false`) or inside a JSON string (`json: true`). Values under 3 characters are left out:
 * erasing every "Al" from a payment reference would say nothing about Al and mangle the rest. */
function anyOf(values: Array<string | null>, json: boolean): string | undefined {
  const escaped = values
    .filter((v): v is string => v !== null && v.length >= 3)
    .map((v) => (json ? JSON.stringify(v).slice(1, -1) : v))
    .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return escaped.length === 0 ? undefined : [...new Set(escaped)].sort((a, b) => b.length - a.length).join('|');
}

const scrubbed = (column: RawBuilder<unknown>, pattern: string, tag: string) => sql`regexp_replace(${column}, ${pattern}, ${tag}, 'gi')`;

export interface Person {
  orders: PersonalFields[];
  pseudonym: Pseudonym;
}

const personalValues = (orders: PersonalFields[]) => orders.flatMap((o) => [o.customer_name, o.customer_email, o.customer_company, o.customer_phone]);

/**
 * Pseudonymises people's orders: the customer fields are replaced, and free text that staff or
 * other parts of the service wrote about those orders (payment references, refund reasons, history
 * details, job payloads) loses every copy of the name, email, company and phone. Amounts, dates,
 * numbers and the country stay for the books. Idempotency records of those orders are dropped: they
 * are a retry cache, and their stored answers may hold the person's details.
 */
export async function scrubPeople(tx: Tx, people: Person[]): Promise<ScrubCounts> {
  const counts: ScrubCounts = { orders: 0, history: 0, payments: 0, refunds: 0, jobs: 0, idempotency_keys: 0 };
  for (const person of people.filter((p) => p.orders.length > 0)) {
    const ids = person.orders.map((o) => o.id);
    const { name } = person.pseudonym;
    const values = personalValues(person.orders);
    const text = anyOf(values, false)!;
    const json = anyOf(values, true)!;
    const update = await tx
      .updateTable('orders')
      .set({ customer_name: name, customer_email: person.pseudonym.email, customer_company: null, customer_phone: null, erased_at: new Date(), updated_at: new Date() })
      .set(() => ({ attention_reason: sql<string | null>`regexp_replace(attention_reason, ${text}, ${name}, 'gi')` }))
      .where('id', 'in', ids)
      .executeTakeFirst();
    counts.orders += Number(update.numUpdatedRows);
    counts.payments += await scrubColumn(tx, 'payments', 'reference', ids, text, name);
    counts.refunds += (await scrubColumn(tx, 'refunds', 'reason', ids, text, name)) + (await scrubColumn(tx, 'refunds', 'reference', ids, text, name));
    const history = await sql`update order_history set detail = ${scrubbed(sql`detail::text`, json, name)}::jsonb
      where order_id in (${sql.join(ids)}) and detail::text ~* ${json}`.execute(tx);
    counts.history += Number(history.numAffectedRows ?? 0);
    const keys = await tx.deleteFrom('idempotency_keys').where('resource_id', 'in', ids).executeTakeFirst();
    counts.idempotency_keys += Number(keys.numDeletedRows);
  }
  counts.jobs = await scrubJobs(tx, people.flatMap((p) => personalValues(p.orders)));
  return counts;
}

/** One pass over the job queue for everyone at once (it may be long: done jobs are kept). */
async function scrubJobs(tx: Tx, values: Array<string | null>): Promise<number> {
  const json = anyOf(values, true);
  if (!json) return 0;
  const jobs = await sql`update jobs set payload = ${scrubbed(sql`payload::text`, json, 'erased')}::jsonb where payload::text ~* ${json}`.execute(tx);
  return Number(jobs.numAffectedRows ?? 0);
}

async function scrubColumn(tx: Tx, table: 'payments' | 'refunds', column: 'reference' | 'reason', ids: string[], pattern: string, tag: string): Promise<number> {
  const result = await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${scrubbed(sql.ref(column), pattern, tag)}
    where order_id in (${sql.join(ids)}) and ${sql.ref(column)} ~* ${pattern}`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** The person's consents: the address becomes the pseudonym, and any still current is withdrawn
 * (an erased person cannot be mailed). The ledger's trigger allows exactly this change. */
export async function eraseConsents(tx: Tx, email: string, p: Pseudonym): Promise<number> {
  const result = await sql`update consents set email = ${p.email},
      withdrawn_at = coalesce(withdrawn_at, now()), withdrawn_via = coalesce(withdrawn_via, 'erasure')
    where lower(email) = ${email.toLowerCase()}`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/** Addresses whose every consent was withdrawn before `before`: the proof is no longer needed. */
export async function findLongWithdrawnConsentEmails(tx: Tx, before: Date, limit: number): Promise<string[]> {
  const { rows } = await sql<{ email: string }>`select lower(email) as email from consents
    where email not like 'erased-%' group by lower(email)
    having bool_and(withdrawn_at is not null) and max(withdrawn_at) < ${before}
    limit ${limit}`.execute(tx);
  return rows.map((r) => r.email);
}
