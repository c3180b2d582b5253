import { beforeCommit } from '../shared/db';
import { findOrderItems, type OrderItemRow, type OrderRow } from '../orders';
import { documentContent, sha256, type DocumentContent } from './document-content';
import { allocateNumber, findInvoiceNumber, hasDocument, insertDocumentIfNew } from './invoicing.repository';
import type { Tx } from '../database';

/** Invoices are numbered per year in one series: 2026-000123. */
export const INVOICE_SERIES = 'invoice';
/** Credit notes in their own series: CN-2026-000004. */
export const CREDIT_NOTE_SERIES = 'credit_note';
const invoiceNumber = (year: number, n: number) => `${year}-${String(n).padStart(6, '0')}`;

async function insertContent(tx: Tx, order: OrderRow, content: DocumentContent, refundId?: string): Promise<void> {
  const json = JSON.stringify(content);
  await insertDocumentIfNew(tx, {
    order_id: order.id,
    kind: content.kind,
    number: content.number,
    currency: content.currency,
    net: content.net,
    tax: content.tax,
    gross: content.gross,
    content: json,
    content_sha256: sha256(json),
    ...(refundId ? { refund_id: refundId, refers_to: content.refers_to ?? null } : {}),
  });
}

/** Called in the transaction that makes the order paid, with the order locked: the number is taken
 * there, so it exists exactly when the payment commits. An order invoiced already (a payment
 * replayed, paid again after a dispute) keeps its one invoice. */
export async function issueInvoice(tx: Tx, order: OrderRow, now = new Date()): Promise<void> {
  if (await hasDocument(tx, order.id, 'invoice')) return;
  const items = await findOrderItems(tx, order.id);
  // The counter row stays locked from here to COMMIT, and every payer waits for it: taken last, so
  // it is held for two statements and the commit (README, Benchmarks: the webhook benchmark's lock waits).
  await beforeCommit(tx, async () => {
    const year = now.getUTCFullYear();
    const number = invoiceNumber(year, await allocateNumber(tx, INVOICE_SERIES, year));
    await insertContent(tx, order, documentContent('invoice', number, order, items, now));
  });
}

/** A pay-via-sales order's document to pay against, issued with the order. It bears the order's
 * number (PF-…), not an invoice number: only a payment makes an invoice. */
export async function issueProforma(tx: Tx, order: OrderRow, items: OrderItemRow[]): Promise<void> {
  if (order.offline_reference === null) return;
  await insertContent(tx, order, documentContent('proforma', `PF-${order.number}`, order, items, new Date()));
}

/** Called in the transaction that makes a refund succeeded: a credit note for its amount, in its own
 * series, referring to the order's invoice. The refund is split into net and tax in the order's own
 * proportion (a part refund of a taxed order gives back that share of the tax). */
export async function issueCreditNote(tx: Tx, order: OrderRow, refund: { id: string; amount: number }, now = new Date()): Promise<void> {
  // A payment on an order that was never invoiced (it arrived after the order expired, and goes
  // back by itself) has nothing to credit.
  const invoice = await findInvoiceNumber(tx, order.id);
  if (invoice === null) return;
  // Last in the transaction, as the invoice's number (see issueInvoice).
  await beforeCommit(tx, async () => {
    const year = now.getUTCFullYear();
    const number = `CN-${invoiceNumber(year, await allocateNumber(tx, CREDIT_NOTE_SERIES, year))}`;
    const tax = order.total === 0 ? 0 : Math.round((refund.amount * order.tax) / order.total);
    const base = documentContent('credit_note', number, order, [], now);
    const content: DocumentContent = { ...base, tax_by_rate: [], net: refund.amount - tax, tax, gross: refund.amount, refers_to: invoice };
    await insertContent(tx, order, content, refund.id);
  });
}
