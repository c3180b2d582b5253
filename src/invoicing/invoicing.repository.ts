import type { DocumentKind, InvoiceDocumentRow } from './invoicing.table';
import type { Db, Tx } from '../database';

/** The next number of a series in a year. The upsert locks the counter row until the caller's
 * transaction ends, so concurrent payers take turns and a rolled-back payment gives its number
 * back: no gap, no number twice (a sequence would skip on rollback). */
export async function allocateNumber(tx: Tx, series: string, year: number): Promise<number> {
  const row = await tx
    .insertInto('document_counters')
    .values({ series, year, last_number: 1 })
    .onConflict((oc) => oc.columns(['series', 'year']).doUpdateSet((eb) => ({ last_number: eb('document_counters.last_number', '+', 1) })))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export interface NewDocument {
  order_id: string;
  kind: DocumentKind;
  number: string;
  currency: string;
  net: number;
  tax: number;
  gross: number;
  content: string;
  content_sha256: string;
  refund_id?: string;
  refers_to?: string | null;
}

/** Inserts unless the document exists already: the order's invoice or pro-forma, the refund's
 * credit note (a payment or refund replayed). */
export async function insertDocumentIfNew(tx: Tx, doc: NewDocument): Promise<boolean> {
  const row = await tx
    .insertInto('invoice_documents')
    .values(doc)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasDocument(tx: Tx, orderId: string, kind: DocumentKind): Promise<boolean> {
  return (await tx.selectFrom('invoice_documents').select('id').where('order_id', '=', orderId).where('kind', '=', kind).executeTakeFirst()) !== undefined;
}

export async function findInvoiceNumber(tx: Tx, orderId: string): Promise<string | null> {
  const row = await tx.selectFrom('invoice_documents').select('number').where('order_id', '=', orderId).where('kind', '=', 'invoice').executeTakeFirst();
  return row?.number ?? null;
}

export async function findDocumentsOfOrder(db: Db, orderId: string): Promise<Array<Omit<InvoiceDocumentRow, 'pdf' | 'content' | 'refund_id'>>> {
  return db
    .selectFrom('invoice_documents')
    .select(['id', 'order_id', 'kind', 'number', 'currency', 'net', 'tax', 'gross', 'refers_to', 'content_sha256', 'pdf_sha256', 'issued_at'])
    .where('order_id', '=', orderId)
    .orderBy('issued_at')
    .execute();
}

export async function findDocument(db: Db, orderId: string, number: string): Promise<InvoiceDocumentRow | undefined> {
  return db.selectFrom('invoice_documents').selectAll().where('order_id', '=', orderId).where('number', '=', number).executeTakeFirst();
}

/** Keeps the first rendering: a second, concurrent one changes nothing and reads the first back. */
export async function storePdfOnce(db: Db, id: string, pdf: Buffer, sha256: string): Promise<{ pdf: Buffer; pdf_sha256: string }> {
  await db.updateTable('invoice_documents').set({ pdf, pdf_sha256: sha256 }).where('id', '=', id).where('pdf', 'is', null).execute();
  const row = await db.selectFrom('invoice_documents').select(['pdf', 'pdf_sha256']).where('id', '=', id).executeTakeFirstOrThrow();
  return { pdf: row.pdf!, pdf_sha256: row.pdf_sha256! };
}

/**
 * Erasure, for the documents of these orders: pro-formas go (a request to pay, not an accounting
 * record). Invoices and credit notes stay exactly as issued: tax law requires them kept unchanged
 * for years (in Germany ten, AO §147), which is the legal-obligation exception to erasure (GDPR
 * Art. 17(3)(b)). Returns how many of each.
 */
export async function dropProformasKeepInvoices(tx: Tx, orderIds: string[]): Promise<{ proformas: number; kept: number }> {
  if (orderIds.length === 0) return { proformas: 0, kept: 0 };
  const dropped = await tx.deleteFrom('invoice_documents').where('order_id', 'in', orderIds).where('kind', '=', 'proforma').executeTakeFirst();
  const kept = await tx
    .selectFrom('invoice_documents')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('order_id', 'in', orderIds)
    .executeTakeFirstOrThrow();
  return { proformas: Number(dropped.numDeletedRows), kept: Number(kept.n) };
}
