import type { Response } from 'express';
import { documentPdf, type DocumentsDeps } from './documents.service';

/** Answers with a document's PDF as issued, for the shopper's, the staff API's and the console's
 * downloads alike; X-Content-SHA256 is its hash. */
export async function sendDocumentPdf(res: Response, deps: DocumentsDeps, orderId: string, number: string): Promise<void> {
  const { pdf, sha256 } = await documentPdf(deps, orderId, number);
  res
    .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${number}.pdf"`, 'X-Content-SHA256': sha256 })
    .type('application/pdf')
    .send(pdf);
}
