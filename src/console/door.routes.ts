import { Router } from 'express';
import { z } from 'zod';
import { checkIn, type CheckinDeps } from '../fulfilment';
import { AppError } from '../shared/errors';
import { parseOrThrow } from '../shared/http/validate';
import { staffActor } from '../staff-auth';
import { requireConsole, sessionOf } from './console-session';
import { doorPage, type ScanOutcome } from './door.views';
import { sendPage } from './send-page';

const scanForm = z.object({ _csrf: z.string(), token: z.string().max(4096, 'A ticket code is at most 4096 characters.') }).strict();

/** The door page calls the same check-in service as POST /api/checkin (same rules, same merchant
 * event). The answer is rendered on the POST itself rather than after a redirect: the scanner is
 * back at an empty field at once, and a reload only rescans, which says "already checked in". */
export function doorPages(deps: CheckinDeps): Router {
  const router = Router();
  const door = requireConsole('door', 'admin');
  router.get('/console/door', door, (_req, res) => sendPage(res, 200, doorPage(sessionOf(res))));
  router.post('/console/door', door, async (req, res) => {
    const { token } = parseOrThrow(scanForm, req.body, 'body');
    const { status, outcome } = await scan(deps, token, staffActor(res));
    sendPage(res, status, doorPage(sessionOf(res), outcome));
  });
  return router;
}

/** The service's answers as the door reads them, with the API's status codes; anything else (an
 * outage) stays an error page. */
async function scan(deps: CheckinDeps, token: string, actor: string): Promise<{ status: number; outcome: ScanOutcome }> {
  try {
    const admitted = await checkIn(deps, token, actor);
    return { status: 200, outcome: { result: 'admitted', code: admitted.code, seat_no: admitted.seat_no, sku: admitted.sku } };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const extra = err.extra ?? {};
    if (err.code === 'ticket_already_checked_in')
      return { status: err.status, outcome: { result: 'already_checked_in', code: String(extra.ticket_code), checked_in_at: String(extra.checked_in_at) } };
    if (err.code === 'ticket_revoked') return { status: err.status, outcome: { result: 'refused', reason: err.detail ?? err.title } };
    if (err.code === 'ticket_invalid') return { status: err.status, outcome: { result: 'refused', reason: `Not a valid ticket: ${err.detail ?? err.title}` } };
    throw err;
  }
}
