import { Router } from 'express';
import { documentParams, sendDocumentPdf, type DocumentsDeps } from '../invoicing';
import { parseOrThrow } from '../shared/http/validate';
import { requireConsole } from './console-session';

/** An order's documents as PDF for sales and finance, the same bytes as the shopper's and the staff
 * API's (rendered once, then stored). */
export function documentPages(deps: DocumentsDeps): Router {
  const router = Router();
  router.get('/console/sales/orders/:id/documents/:number', requireConsole('sales', 'finance'), async (req, res) => {
    const { id, number } = parseOrThrow(documentParams, req.params, 'params');
    await sendDocumentPdf(res, deps, id, number);
  });
  return router;
}
