import { findOrderItems, type OrderRow } from '../orders';
import { documentContent, sha256, type DocumentContent } from './document-content';
import { allocateNumber, hasDocument, insertDocumentIfNew } from './invoicing.repository';
import type { Tx } from '../database';

/** Invoices are numbered per year in one series: 2026-000123. */
export const INVOICE_SERIES = 'invoice';
const invoiceNumber = (year: number, n: number) => `${year}-${String(n).padStart(6, '0')}`;

async function insertContent(tx: Tx, order: OrderRow, content: DocumentContent): Promise<void> {
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
  });
}

/** Called in the transaction that makes the order paid, with the order locked: the number is taken
 * there, so it exists exactly when the payment commits. An order invoiced already (a payment
 * replayed, paid again after a dispute) keeps its one invoice. */
export async function issueInvoice(tx: Tx, order: OrderRow, now = new Date()): Promise<void> {
  if (await hasDocument(tx, order.id, 'invoice')) return;
  const year = now.getUTCFullYear();
  const number = invoiceNumber(year, await allocateNumber(tx, INVOICE_SERIES, year));
  await insertContent(tx, order, documentContent('invoice', number, order, await findOrderItems(tx, order.id), now));
}

/** A pay-via-sales order's document to pay against, issued with the order. It bears the order's
 * number (PF-…), not an invoice number: only a payment makes an invoice. */
export async function issueProforma(tx: Tx, order: OrderRow): Promise<void> {
  if (order.offline_reference === null) return;
  await insertContent(tx, order, documentContent('proforma', `PF-${order.number}`, order, await findOrderItems(tx, order.id), new Date()));
}
