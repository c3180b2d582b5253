import { Router, type Response } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { bearerToken } from '../shared/http/bearer';
import { parseOrThrow } from '../shared/http/validate';
import { verifyOrderToken, type KeyRing } from '../shared/keys';
import { requireStaff, type StaffVerifier } from '../staff-auth';
import { orderTokenRefused } from '../orders';
import { listDocuments, type DocumentsDeps } from './documents.service';
import { sendDocumentPdf } from './document-download';
import { documentParams, documentsResponse, orderDocumentsParams } from './invoicing.schemas';

/** Invoices and pro-formas: shoppers with their order token, staff (sales, finance) by order id. */
export function invoicingRoutes(deps: DocumentsDeps & { keys: KeyRing; staff: StaffVerifier }, docs: ApiDocs): Router {
  const router = Router();
  const readers = requireStaff(deps.staff, 'sales', 'finance');
  const shopper = async (id: string, token: string | undefined) => {
    if (!token || !(await verifyOrderToken(deps.keys, token, id))) throw orderTokenRefused();
  };
  const sendPdf = (res: Response, id: string, number: string) => sendDocumentPdf(res, deps, id, number);
  document(docs);
  router.get('/api/orders/:id/documents', async (req, res) => {
    const { id } = parseOrThrow(orderDocumentsParams, req.params, 'params');
    await shopper(id, bearerToken(req.get('authorization')));
    res.set('Cache-Control', 'no-store').json({ documents: await listDocuments(deps.db, id) });
  });
  router.get('/api/orders/:id/documents/:number', async (req, res) => {
    const { id, number } = parseOrThrow(documentParams, req.params, 'params');
    await shopper(id, bearerToken(req.get('authorization')));
    await sendPdf(res, id, number);
  });
  router.get('/api/staff/orders/:id/documents/:number', readers, async (req, res) => {
    const { id, number } = parseOrThrow(documentParams, req.params, 'params');
    await sendPdf(res, id, number);
  });
  return router;
}

function document(docs: ApiDocs): void {
  const pdf = { 200: { description: 'The PDF as issued; X-Content-SHA256 is its hash', contentType: 'application/pdf' }, 400: { description: 'Invalid id or number' } };
  const shopper = { tag: 'Shoppers', auth: 'order_token' as const };
  docs.add(
    {
      ...shopper,
      method: 'get',
      path: '/api/orders/{id}/documents',
      summary: 'The invoice (once paid) and pro-forma (pay-via-sales) of an order',
      params: orderDocumentsParams,
      responses: { 200: { description: 'The documents', schema: documentsResponse }, 400: { description: 'Invalid id' }, 401: { description: 'No or bad order token' } },
    },
    {
      ...shopper,
      method: 'get',
      path: '/api/orders/{id}/documents/{number}',
      summary: 'Download one document of the order as PDF',
      params: documentParams,
      responses: { ...pdf, 401: { description: 'No or bad order token' }, 404: { description: 'No such document on this order' } },
    },
    {
      tag: 'Staff',
      auth: 'staff',
      roles: ['sales', 'finance'],
      method: 'get',
      path: '/api/staff/orders/{id}/documents/{number}',
      summary: 'Download a document of an order as PDF',
      params: documentParams,
      responses: {
        ...pdf,
        401: { description: 'No or bad staff token' },
        403: { description: 'Neither sales nor finance' },
        404: { description: 'No such document on this order' },
      },
    },
  );
}
