import { Router, type Response } from 'express';
import { z } from 'zod';
import { badRequest } from '../shared/errors';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import type { KeyRing } from '../shared/keys';
import { unsubscribe } from './consent.service';
import type { Db } from '../database';

const unsubscribeQuery = z.object({ token: z.string().min(1, 'Required.').max(2048) }).strict();

/**
 * The link in every product alert. GET withdraws at once and answers a page: a mail scanner that
 * follows the link can only ever stop mail, never start it, so no confirmation step is asked for.
 * POST is RFC 8058 one-click (List-Unsubscribe-Post); its form body says nothing we need, so these
 * routes are mounted before the JSON parser and never read it.
 */
export function unsubscribeRoutes(deps: { db: Db; keys: KeyRing }, docs: ApiDocs): Router {
  const router = Router();
  document(docs);
  router.get('/api/unsubscribe', async (req, res) => {
    const token = unsubscribeQuery.safeParse(req.query);
    const outcome = token.success ? await unsubscribe(deps.db, deps.keys, token.data.token, 'unsubscribe_link') : { kind: 'invalid' as const };
    if (outcome.kind === 'invalid')
      return page(res, 400, 'This unsubscribe link is not valid', 'Please use the link exactly as it came in the email, or reply to it and we will take you off the list.');
    page(res, 200, 'You are unsubscribed', 'You will get no more product alerts from us. Order emails (receipts, payment instructions) still reach you.');
  });
  router.post('/api/unsubscribe', async (req, res) => {
    const { token } = parseOrThrow(unsubscribeQuery, req.query, 'query');
    const outcome = await unsubscribe(deps.db, deps.keys, token, 'one_click');
    if (outcome.kind === 'invalid') {
      throw badRequest('invalid_unsubscribe_token', 'This unsubscribe link is not valid.');
    }
    res.set('Cache-Control', 'no-store').json({ unsubscribed: true });
  });
  return router;
}

function page(res: Response, status: number, title: string, text: string): void {
  res.status(status).set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).type('html').send(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${title}</title></head>
<body><main><h1>${title}</h1><p>${text}</p></main></body></html>`);
}

function document(docs: ApiDocs): void {
  const common = { path: '/api/unsubscribe', tag: 'Shoppers', query: unsubscribeQuery, cardGuard: false as const };
  docs.add(
    {
      ...common,
      method: 'get',
      summary: 'The unsubscribe link in product alerts: withdraws the consent, answers an HTML page',
      responses: {
        200: { description: 'Unsubscribed (also when already unsubscribed): a page saying so', contentType: 'text/html' },
        400: { description: 'Forged, edited or missing token: a page saying the link is not valid', contentType: 'text/html' },
      },
    },
    {
      ...common,
      method: 'post',
      summary: 'One-click unsubscribe (RFC 8058, List-Unsubscribe-Post)',
      rawBody: {
        contentType: 'application/x-www-form-urlencoded',
        schema: oneClickForm,
        required: false,
        description: 'What mail clients send (RFC 8058); the token in the query string is what counts',
      },
      responses: {
        200: { description: 'Unsubscribed (also when already unsubscribed)', schema: z.object({ unsubscribed: z.literal(true) }) },
        400: { description: 'Forged, edited or missing token' },
      },
    },
  );
}

const oneClickForm = z.object({ 'List-Unsubscribe': z.literal('One-Click') });
