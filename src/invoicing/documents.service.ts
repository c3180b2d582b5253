import { notFound } from '../shared/errors';
import type { DocumentContent } from './document-content';
import { sha256 } from './document-content';
import { findDocument, findDocumentsOfOrder, storePdfOnce } from './invoicing.repository';
import { renderPdf, type Seller } from './pdf';
import type { Db } from '../database';

export interface DocumentsDeps {
  db: Db;
  seller: Seller;
  /** The bank-transfer instructions for a payment reference (pay-via-sales). */
  instructionsFor: (reference: string) => string;
}

export async function listDocuments(db: Db, orderId: string) {
  const rows = await findDocumentsOfOrder(db, orderId);
  return rows.map(({ id: _id, order_id: _o, issued_at, ...r }) => ({ ...r, issued_at: new Date(issued_at).toISOString() }));
}

/** The PDF of a document: rendered from its issued content the first time it is asked for, then
 * always the stored bytes (with their hash), so it never changes once someone has seen it. */
export async function documentPdf(deps: DocumentsDeps, orderId: string, number: string): Promise<{ pdf: Buffer; sha256: string }> {
  const doc = await findDocument(deps.db, orderId, number);
  if (!doc) throw notFound('No such document on this order.');
  if (doc.pdf && doc.pdf_sha256) return { pdf: doc.pdf, sha256: doc.pdf_sha256 };
  const content = doc.content as DocumentContent;
  const instructions = content.payment_reference ? deps.instructionsFor(content.payment_reference) : null;
  const rendered = await renderPdf(content, deps.seller, instructions);
  const stored = await storePdfOnce(deps.db, doc.id, rendered, sha256(rendered));
  return { pdf: stored.pdf, sha256: stored.pdf_sha256 };
}
