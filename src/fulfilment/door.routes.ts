import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { checkIn, type CheckinDeps } from './checkin.service';
import { checkinBody, checkinView, sessionAttendeesView, sessionParams } from './fulfilment.schemas';
import { sessionAttendees, sessionAttendeesCsv } from './staff-lists';

/** The door (role `door`) checks tickets in; sales and admins see who attends each session. */
export function doorRoutes(deps: CheckinDeps & { staff: StaffVerifier }, docs: ApiDocs): Router {
  const router = Router();
  document(docs);
  router.post('/api/checkin', requireStaff(deps.staff, 'door', 'admin'), async (req, res) => {
    const { token } = parseOrThrow(checkinBody, req.body, 'body');
    res.json(await checkIn(deps, token, staffActor(res)));
  });
  const lists = requireStaff(deps.staff, 'sales', 'admin');
  router.get('/api/staff/sessions/:sku/attendees', lists, async (req, res) => {
    const { sku } = parseOrThrow(sessionParams, req.params, 'params');
    res.set('Cache-Control', 'no-store').json(await sessionAttendees(deps.db, sku));
  });
  router.get('/api/staff/sessions/:sku/attendees.csv', lists, async (req, res) => {
    const { sku } = parseOrThrow(sessionParams, req.params, 'params');
    res
      .set('Cache-Control', 'no-store')
      .attachment(`attendees-${sku}.csv`)
      .type('text/csv')
      .send(await sessionAttendeesCsv(deps.db, sku));
  });
  return router;
}

function document(docs: ApiDocs): void {
  const denied = { 401: { description: 'No or bad staff token' }, 403: { description: 'Lacks the role' } };
  const list = { tag: 'Staff', auth: 'staff' as const, roles: ['sales', 'admin'], params: sessionParams };
  docs.add(
    {
      method: 'post',
      path: '/api/checkin',
      operationId: 'checkInTicket',
      tag: 'Door',
      auth: 'staff',
      roles: ['door', 'admin'],
      summary: 'Check a scanned ticket in: the first scan admits, later scans say when it was admitted, a refunded ticket is refused',
      body: checkinBody,
      responses: {
        200: { description: 'Admitted', schema: checkinView },
        ...denied,
        409: { description: 'Already checked in (the problem says when) or refunded: do not admit' },
        422: { description: 'Not one of our tickets, or altered' },
      },
    },
    {
      ...list,
      method: 'get',
      path: '/api/staff/sessions/{sku}/attendees',
      operationId: 'listSessionAttendees',
      summary: 'Who attends a training session (seats still held), by order and seat',
      responses: { 200: { description: 'The attendees', schema: sessionAttendeesView }, ...denied, 422: { description: 'Malformed sku' } },
    },
    {
      ...list,
      method: 'get',
      path: '/api/staff/sessions/{sku}/attendees.csv',
      operationId: 'exportSessionAttendeesCsv',
      summary: 'The same list as CSV',
      responses: { 200: { description: 'CSV, one row per seat', contentType: 'text/csv' }, ...denied, 422: { description: 'Malformed sku' } },
    },
  );
}
