import type { OrderRow } from '../orders';
import type { Db } from '../database';
import { documentPdf, type DocumentsDeps } from './documents.service';
import { findDocumentsOfOrder } from './invoicing.repository';

export interface DocumentAttachment {
  filename: string;
  content: Buffer;
  contentType: 'application/pdf';
}

/** What the email job needs to know of an outbox email (notifications' EmailRow fits). */
interface EmailOfOrder {
  kind: string;
  detail: unknown;
}

/**
 * The documents the shopper's emails carry: the pay-via-sales confirmation its pro-forma, the
 * receipt the invoice, a refund notice that refund's credit note. Each is the stored PDF the order
 * page serves (rendered once, on first request, outside any transaction), so the attachment and
 * the download are the same bytes with the same hash. Called by the email job after commit; an
 * email whose document does not exist (erased pro-forma, a refund never invoiced) goes without.
 */
export function documentAttachments(deps: DocumentsDeps) {
  return async (email: EmailOfOrder, order: OrderRow): Promise<DocumentAttachment[]> => {
    const number = await documentNumberFor(deps.db, email, order.id);
    if (number === null) return [];
    const { pdf } = await documentPdf(deps, order.id, number);
    return [{ filename: `${number}.pdf`, content: pdf, contentType: 'application/pdf' }];
  };
}

const KIND_OF_EMAIL: Record<string, 'proforma' | 'invoice' | 'credit_note'> = { order_received: 'proforma', order_paid: 'invoice', refund_issued: 'credit_note' };

async function documentNumberFor(db: Db, email: EmailOfOrder, orderId: string): Promise<string | null> {
  const kind = KIND_OF_EMAIL[email.kind];
  if (!kind) return null;
  const docs = (await findDocumentsOfOrder(db, orderId)).filter((d) => d.kind === kind);
  if (kind !== 'credit_note') return docs[0]?.number ?? null;
  // One refund notice per rise of the refunded total, one credit note per refund, both written in
  // the transaction that settles the refund: the notice's note is the one that brings the sum of
  // the notes (numbered in order) to the total the notice reports. A refund the processor reported
  // before we settled it (a webhook first) may have no note yet: that notice goes without one.
  const refunded = (email.detail as { amount_refunded?: number } | null)?.amount_refunded;
  let sum = 0;
  for (const note of docs.sort((a, b) => a.number.localeCompare(b.number))) {
    sum += note.gross;
    if (sum === refunded) return note.number;
  }
  return null;
}
