import { Router } from 'express';
import { z } from 'zod';
import { listAuditNewestFirst } from '../audit';
import { listProducts } from '../catalog';
import { findOrdersByEmail } from '../orders';
import { getPartners } from '../partners';
import { eraseSubject, exportSubject } from '../privacy';
import { decodeCursor, fetchPage } from '../shared/http/paging';
import { parseOrThrow } from '../shared/http/validate';
import type { KeyRing } from '../shared/keys';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import type { TaxSettings } from '../tax';
import { staffActor } from '../staff-auth';
import { adminHome, auditPage, erasureDone, erasurePreview, partnersPage, privacyPage, productsPage } from './admin.views';
import { requireConsole, sessionOf } from './console-session';
import { sendPage } from './send-page';
import { taxRatePages } from './tax-rates.routes';
import { webhookPages } from './webhooks.routes';
import type { Db } from '../database';

const emailForm = z.object({ _csrf: z.string(), email: z.email('An email address.').max(254) }).strict();
const eraseForm = emailForm.extend({ confirm: z.literal('yes', 'Tick the box to confirm.') }).strict();
const auditQuery = z.object({ cursor: z.string().max(100).optional() }).strict();
const DIGITS = (s: string) => /^\d{1,18}$/.test(s);

export interface AdminPageDeps {
  db: Db;
  keys: KeyRing;
  tax: TaxSettings;
  outbound: OutboundPolicy;
}

/** The admin pages read through the owners' own services; the actions (privacy, tax rates,
 * webhook endpoints) are the same functions the admin API calls, recorded and audited the same way. */
export function adminPages({ db, keys, tax, outbound }: AdminPageDeps): Router {
  const router = Router();
  const admin = requireConsole('admin');
  router.use(taxRatePages({ db, settings: tax }, admin), webhookPages({ db, outbound }, admin));
  router.get('/console/admin', admin, (_req, res) => sendPage(res, 200, adminHome(sessionOf(res))));
  router.get('/console/admin/products', admin, async (_req, res) => sendPage(res, 200, productsPage(sessionOf(res), await listProducts(db, { includeInactive: true }))));
  router.get('/console/admin/partners', admin, async (_req, res) => sendPage(res, 200, partnersPage(sessionOf(res), await getPartners(db))));
  router.get('/console/admin/privacy', admin, (_req, res) => sendPage(res, 200, privacyPage(sessionOf(res))));
  // POST, so that the address stays out of URLs, browser history and proxies' logs.
  router.post('/console/admin/privacy/subject.json', admin, async (req, res) => {
    const { email } = parseOrThrow(emailForm, req.body, 'body');
    const subject = await exportSubject(db, keys, email, staffActor(res));
    res.set('Cache-Control', 'no-store').attachment('subject-export.json').json(subject);
  });
  router.post('/console/admin/privacy/erasure/preview', admin, async (req, res) => {
    const { email } = parseOrThrow(emailForm, req.body, 'body');
    sendPage(res, 200, erasurePreview(sessionOf(res), email, await findOrdersByEmail(db, email)));
  });
  router.post('/console/admin/privacy/erasure', admin, async (req, res) => {
    const { email } = parseOrThrow(eraseForm, req.body, 'body');
    const { counts } = await eraseSubject(db, keys, email, staffActor(res));
    sendPage(res, 200, erasureDone(sessionOf(res), counts));
  });
  router.get('/console/admin/audit', admin, async (req, res) => {
    const { cursor } = parseOrThrow(auditQuery, req.query, 'query');
    const before = cursor === undefined ? undefined : Number(decodeCursor(cursor, [DIGITS])[0]);
    const page = await fetchPage(
      50,
      (limit) => listAuditNewestFirst(db, before, limit),
      (last) => [String(last.id)],
    );
    sendPage(res, 200, auditPage(sessionOf(res), page.rows, page.next_cursor));
  });
  return router;
}
