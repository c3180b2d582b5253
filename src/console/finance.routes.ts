import { Router, type RequestHandler } from 'express';
import { csvExportHandler, periodSummary, summaryQuery, type ExportDeps } from '../finance';
import { parseOrThrow } from '../shared/http/validate';
import { staffActor } from '../staff-auth';
import { requireConsole, sessionOf } from './console-session';
import { financePage, summaryPage } from './finance.views';
import { withoutEmpty } from './sales.routes';
import { sendPage } from './send-page';

/** A form left blank sends empty fields; the export's own query schema reads them as unset. */
const dropEmptyQuery: RequestHandler = (req, _res, next) => {
  Object.defineProperty(req, 'query', { value: withoutEmpty(req.query), configurable: true });
  next();
};

const CSV = { 'orders.csv': 'orders', 'order-lines.csv': 'lines', 'refunds.csv': 'refunds', 'invoices.csv': 'invoices' } as const;

export function financePages(deps: ExportDeps): Router {
  const router = Router();
  const finance = requireConsole('finance');
  router.get('/console/finance', finance, (_req, res) => sendPage(res, 200, financePage(sessionOf(res))));
  for (const [file, kind] of Object.entries(CSV)) router.get(`/console/finance/${file}`, finance, dropEmptyQuery, csvExportHandler(deps, kind));
  // The form's first view asks nothing (and audits nothing); once sent, it always carries tz.
  router.get('/console/finance/summary', finance, dropEmptyQuery, async (req, res) => {
    if (Object.keys(req.query).length === 0) return void sendPage(res, 200, summaryPage(sessionOf(res), {}, undefined));
    const filters = parseOrThrow(summaryQuery, req.query, 'query');
    sendPage(res, 200, summaryPage(sessionOf(res), filters, await periodSummary(deps, filters, staffActor(res))));
  });
  return router;
}
