import { pseudonymiseOrders, scrubOrderHistory, type OrderPersonalFields } from '../orders';
import { scrubPaymentReferences } from '../payments';
import { scrubRefundText } from '../refunds';
import { deleteKeysForResources } from '../idempotency';
import { scrubJobPayloads } from '../jobs';
import { scrubMerchantEventData } from '../merchant-webhooks';
import { scrubFulfilmentPeople } from '../fulfilment';
import { dropProformasKeepInvoices } from '../invoicing';
import type { Pseudonym } from './pseudonym';
import type { Tx } from '../database';

export type ScrubCounts = Record<
  'orders' | 'history' | 'payments' | 'refunds' | 'jobs' | 'merchant_events' | 'deliveries' | 'proformas' | 'invoices_kept' | 'idempotency_keys',
  number
>;

export interface Person {
  orders: OrderPersonalFields[];
  pseudonym: Pseudonym;
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

const personalValues = (orders: OrderPersonalFields[]) => orders.flatMap((o) => [o.customer_name, o.customer_email, o.customer_company, o.customer_phone]);

/**
 * Pseudonymises people's orders: the customer fields are replaced, and free text that staff or
 * other parts of the service wrote about those orders (payment references, refund reasons, history
 * details, job payloads, events for the merchant's systems) loses every copy of the name, email, company and phone. Amounts, dates,
 * numbers and the country stay for the books. Idempotency records of those orders are dropped: they
 * are a retry cache, and their stored answers may hold the person's details.
 */
export async function scrubPeople(tx: Tx, people: Person[]): Promise<ScrubCounts> {
  const counts: ScrubCounts = { orders: 0, history: 0, payments: 0, refunds: 0, jobs: 0, merchant_events: 0, deliveries: 0, proformas: 0, invoices_kept: 0, idempotency_keys: 0 };
  for (const person of people.filter((p) => p.orders.length > 0)) {
    const ids = person.orders.map((o) => o.id);
    const { name } = person.pseudonym;
    const values = personalValues(person.orders);
    const text = anyOf(values, false)!;
    counts.orders += await pseudonymiseOrders(tx, ids, person.pseudonym, text);
    counts.payments += await scrubPaymentReferences(tx, ids, text, name);
    counts.refunds += await scrubRefundText(tx, ids, text, name);
    counts.history += await scrubOrderHistory(tx, ids, anyOf(values, true)!, name);
    counts.idempotency_keys += await deleteKeysForResources(tx, ids);
    // Attendees the person named, seats naming the person, and licence keys naming them.
    counts.deliveries += await scrubFulfilmentPeople(
      tx,
      ids,
      person.orders.map((o) => o.customer_email),
    );
    // Invoices and credit notes are kept as issued (the law's retention); pro-formas go.
    const documents = await dropProformasKeepInvoices(tx, ids);
    counts.proformas += documents.proformas;
    counts.invoices_kept += documents.kept;
  }
  // One pass over the job queue for everyone at once: it may be long, done jobs are kept.
  const inJobs = anyOf(
    people.flatMap((p) => personalValues(p.orders)),
    true,
  );
  counts.jobs = inJobs ? await scrubJobPayloads(tx, inJobs, 'erased') : 0;
  // Events sent to the merchant's systems are kept as the delivery log; what they hold of a person goes too.
  counts.merchant_events = inJobs ? await scrubMerchantEventData(tx, inJobs, 'erased') : 0;
  return counts;
}
