import { Router, type RequestHandler } from 'express';
import { csvExportHandler, type ExportDeps } from '../finance';
import { requireConsole, sessionOf } from './console-session';
import { financePage } from './finance.views';
import { withoutEmpty } from './sales.routes';
import { sendPage } from './send-page';

/** A form left blank sends empty fields; the export's own query schema reads them as unset. */
const dropEmptyQuery: RequestHandler = (req, _res, next) => {
  Object.defineProperty(req, 'query', { value: withoutEmpty(req.query), configurable: true });
  next();
};

export function financePages(deps: ExportDeps): Router {
  const router = Router();
  const finance = requireConsole('finance');
  router.get('/console/finance', finance, (_req, res) => sendPage(res, 200, financePage(sessionOf(res))));
  router.get('/console/finance/orders.csv', finance, dropEmptyQuery, csvExportHandler(deps, 'orders'));
  router.get('/console/finance/order-lines.csv', finance, dropEmptyQuery, csvExportHandler(deps, 'lines'));
  return router;
}
