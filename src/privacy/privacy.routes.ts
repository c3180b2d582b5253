import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import type { KeyRing } from '../shared/keys';
import { adminRoute, requireStaff, staffActor, type StaffAuth } from '../staff-auth';
import { listOptIns } from './consent.service';
import { CONSENT_WORDING } from './consent-wording';
import { eraseSubject } from './erasure.service';
import { queueProductAlert } from './alerts';
import {
  consentsQuery,
  erasureBody,
  erasureResponse,
  optInsResponse,
  productAlertBody,
  productAlertResponse,
  subjectExport,
  subjectQuery,
  wordingResponse,
} from './privacy.schemas';
import { exportSubject } from './subject.service';
import type { Db } from '../database';

export interface PrivacyRouteDeps {
  db: Db;
  keys: KeyRing;
  staff: StaffAuth;
}

/** Data requests and the mailing list: admin only. The consent wording is public. */
export function privacyRoutes(deps: PrivacyRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  const admin = requireStaff(deps.staff, 'admin');
  document(docs);

  router.get('/api/privacy/wording', (_req, res) => {
    res.json(CONSENT_WORDING);
  });

  router.get('/api/admin/consents', admin, async (req, res) => {
    const q = parseOrThrow(consentsQuery, req.query, 'query');
    const page = await listOptIns(deps.db, q.purpose, q.limit, q.cursor);
    const opt_ins = page.rows.map((r) => ({ ...r, since: r.since.toISOString() }));
    res.set('Cache-Control', 'no-store').json({ purpose: q.purpose, opt_ins, next_cursor: page.next_cursor });
  });

  router.post('/api/admin/product-alerts', admin, async (req, res) => {
    const alert = parseOrThrow(productAlertBody, req.body, 'body');
    res.status(202).json({ alert_id: alert.id, queued: await queueProductAlert(deps.db, alert) });
  });

  router.get('/api/admin/privacy/subjects', admin, async (req, res) => {
    const { email } = parseOrThrow(subjectQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await exportSubject(deps.db, deps.keys, email, staffActor(res)));
  });

  router.post('/api/admin/privacy/erasures', admin, async (req, res) => {
    const { email } = parseOrThrow(erasureBody, req.body, 'body');
    const erasure = await eraseSubject(deps.db, deps.keys, email, staffActor(res));
    res.status(201).json({ erasure });
  });
  return router;
}

function document(docs: ApiDocs): void {
  docs.add(
    {
      method: 'get',
      path: '/api/privacy/wording',
      tag: 'Privacy',
      summary: 'The exact consent wording to show beside marketing_opt_in (recorded with each consent)',
      responses: { 200: { description: 'Wording by purpose', schema: wordingResponse } },
    },
    adminRoute({
      tag: 'Privacy',
      method: 'get',
      path: '/api/admin/consents',
      summary: 'People currently opted in for a purpose (one line each), by email',
      query: consentsQuery,
      responses: { 200: { description: 'Current opt-ins', schema: optInsResponse }, 400: { description: 'Bad query' } },
    }),
    adminRoute({
      tag: 'Privacy',
      method: 'post',
      path: '/api/admin/product-alerts',
      summary: 'Email a product alert to everyone currently opted in, each with their own unsubscribe link; the same id is sent once',
      body: productAlertBody,
      responses: { 202: { description: 'Queued', schema: productAlertResponse }, 422: { description: 'Bad fields' } },
    }),
    adminRoute({
      tag: 'Privacy',
      method: 'get',
      path: '/api/admin/privacy/subjects',
      summary: 'Everything held about one person: orders with items, payments, refunds and history, consents, disclosures, contact requests, emails, audit entries',
      query: subjectQuery,
      responses: { 200: { description: 'The subject export', schema: subjectExport }, 400: { description: 'Bad email' } },
    }),
    adminRoute({
      tag: 'Privacy',
      method: 'post',
      path: '/api/admin/privacy/erasures',
      summary: "Pseudonymise a person's data everywhere; amounts, dates, numbers and country are kept for the books",
      body: erasureBody,
      responses: { 201: { description: 'Erased and recorded', schema: erasureResponse }, 422: { description: 'Bad email' } },
    }),
  );
}
