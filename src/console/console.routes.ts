import path from 'node:path';
import express, { Router, type ErrorRequestHandler, type Request } from 'express';
import { cardGuard } from '../card-data';
import { AppError } from '../shared/errors';
import { BODY_LIMIT } from '../shared/http/body';
import { html } from '../shared/html/html';
import { authRoutes, type AuthDeps } from './auth.routes';
import { consoleSession, SignInRequired } from './console-session';
import { page } from './layout';
import { salesPages } from './sales.routes';
import { financePages } from './finance.routes';
import type { ExportDeps } from '../finance';
import type { KeyRing } from '../shared/keys';
import type { StaffRole } from '../staff-auth';
import { adminPages } from './admin.routes';
import { doorPages } from './door.routes';
import type { CheckinDeps } from '../fulfilment';
import type { RefundDeps } from '../refunds';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import type { TaxSettings } from '../tax';
import { refundPages } from './refund.routes';
import { documentPages } from './documents.routes';
import type { DocumentsDeps } from '../invoicing';
import { sendPage } from './send-page';

export interface ConsoleDeps extends AuthDeps {
  exports: ExportDeps;
  keys: KeyRing;
  /** What the door page checks tickets in with: the same signer as delivery and POST /api/checkin. */
  checkin: CheckinDeps;
  /** Refunds as the staff API makes them: the same payment methods. */
  refunds: RefundDeps;
  /** The store's tax settings, shown beside the rates. */
  tax: TaxSettings;
  /** Where merchant webhook endpoints may point, as the admin API checks it. */
  outbound: OutboundPolicy;
  /** An order's invoices, pro-formas and credit notes as PDF, as the staff API serves them. */
  documents: DocumentsDeps;
}

/** Where /console sends a signed-in staff member: the first page their roles open. */
const HOMES: Array<[StaffRole, string]> = [
  ['sales', '/console/sales'],
  ['finance', '/console/finance'],
  ['admin', '/console/admin'],
  ['door', '/console/door'],
];

/** The staff console at /console: server-rendered pages and forms, no script. Mounted before the
 * API's JSON-only body rule: its forms post application/x-www-form-urlencoded, which goes through
 * the same card-number guard as every JSON body. */
export function consoleRoutes(deps: ConsoleDeps): Router {
  const router = Router();
  router.use('/console/static', express.static(path.join(__dirname, 'static'), { index: false, maxAge: '1h' }));
  router.use('/console', express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 50 }), cardGuard(), consoleSession(deps));
  router.get('/console', (_req, res) => {
    const roles = res.locals.consoleSession?.staff.roles ?? [];
    const home = HOMES.find(([role]) => roles.includes(role))?.[1] ?? '/console/sign-in';
    res.redirect(303, home);
  });
  router.use(
    authRoutes(deps),
    salesPages(deps.db),
    financePages(deps.exports),
    refundPages(deps.refunds),
    documentPages(deps.documents),
    adminPages(deps),
    doorPages(deps.checkin),
  );
  router.use('/console', (_req, _res, next) => next(new AppError(404, 'not_found', 'Page not found', { detail: 'There is no console page at this address.' })));
  router.use('/console', consoleErrors);
  return router;
}

/** Errors on console pages are pages: the problem's title and detail, each field named, and a way
 * back. A request without a live session is sent to sign in (and told why). */
const consoleErrors: ErrorRequestHandler = (err: unknown, req, res, next) => {
  if (err instanceof SignInRequired) return void res.redirect(303, '/console/sign-in?done=expired');
  if (!(err instanceof AppError)) return next(err);
  for (const [k, v] of Object.entries(err.headers)) if (k.toLowerCase() !== 'www-authenticate') res.set(k, v);
  const fields = err.errors?.length
    ? html`<ul>
        ${err.errors.map((e) => html`<li><strong>${e.path}</strong>: ${e.message}</li>`)}
      </ul>`
    : '';
  const body = html`<div role="alert">
      <p>${err.detail ?? err.title}</p>
      ${fields}
    </div>
    <p><a href="${backFrom(req)}">Go back</a></p>`;
  sendPage(res, err.status, page({ title: err.title, session: res.locals.consoleSession, body }));
};

/** Where a failed form's page leads back to: the order page for an order's action (a sale or a
 * refund), the list an admin page belongs to, else the console's start. Read from the whole path:
 * this handler is mounted at /console, where `req.path` starts below it. */
function backFrom(req: Request): string {
  const where = req.baseUrl + req.path;
  const order = /^\/console\/(?:sales|finance)\/orders\/([0-9a-f-]{36})\//.exec(where);
  if (order) return `/console/sales/orders/${order[1]}`;
  return /^\/console\/(?:admin\/(?:tax-rates|webhooks)|finance)(?=\/|$)/.exec(where)?.[0] ?? '/console';
}
