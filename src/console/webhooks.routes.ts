import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import {
  changeEndpoint,
  createEndpoint,
  deliveriesQuery,
  deliveryParams,
  endpointIdParams,
  endpointBodies,
  getDeliveries,
  getEndpoints,
  redeliver,
  removeEndpoint,
  type EndpointView,
  type MerchantWebhookDeps,
} from '../merchant-webhooks';
import { notFound } from '../shared/errors';
import { parseOrThrow } from '../shared/http/validate';
import { staffActor } from '../staff-auth';
import { sessionOf } from './console-session';
import { notice } from './layout';
import { doneCode, sendPage } from './send-page';
import { deleteEndpointPage, deliveriesPage, endpointCreatedPage, endpointsPage } from './webhooks.views';
import type { Db } from '../database';

const addForm = z.object({ _csrf: z.string(), url: z.string(), event_types: z.union([z.string(), z.array(z.string())]).optional(), active: z.literal('yes').optional() }).strict();
const activeForm = z.object({ _csrf: z.string(), active: z.enum(['true', 'false'], 'Enable or disable.') }).strict();
const csrfOnly = z.object({ _csrf: z.string() }).strict();
const logQuery = z.object({ cursor: z.string().optional(), done: z.string().optional() }).strict();

const DONE: Record<string, string> = {
  enabled: 'Endpoint enabled.',
  disabled: 'Endpoint disabled: no events are sent to it until it is enabled.',
  deleted: 'Endpoint deleted.',
  redelivered: 'Delivery queued again.',
};
const base = '/console/admin/webhooks';

/** The merchant's webhook endpoints through the same service as `/api/admin/webhooks`: the same
 * address rules (the outbound policy), the same audit entries. */
export function webhookPages(deps: MerchantWebhookDeps, admin: RequestHandler): Router {
  const router = Router();
  const bodies = endpointBodies(deps.outbound);
  const done = (code: unknown) => notice(DONE[doneCode(code)]);
  router.get(base, admin, async (req, res) => sendPage(res, 200, endpointsPage(sessionOf(res), await getEndpoints(deps.db), done(req.query.done))));
  router.post(base, admin, async (req, res) => {
    const form = parseOrThrow(addForm, req.body, 'body');
    const input = parseOrThrow(bodies.create, { url: form.url, event_types: [form.event_types ?? []].flat(), active: form.active === 'yes' }, 'body');
    sendPage(res, 201, endpointCreatedPage(sessionOf(res), await createEndpoint(deps, staffActor(res), input)));
  });
  router.post(`${base}/:id/active`, admin, async (req, res) => {
    const { id } = parseOrThrow(endpointIdParams, req.params, 'params');
    const active = parseOrThrow(activeForm, req.body, 'body').active === 'true';
    await changeEndpoint(deps, staffActor(res), id, { active });
    res.redirect(303, `${base}?done=${active ? 'enabled' : 'disabled'}`);
  });
  router.get(`${base}/:id/delete`, admin, async (req, res) => {
    sendPage(res, 200, deleteEndpointPage(sessionOf(res), await endpointOf(deps.db, req.params)));
  });
  router.post(`${base}/:id/delete`, admin, async (req, res) => {
    const { id } = parseOrThrow(endpointIdParams, req.params, 'params');
    parseOrThrow(csrfOnly, req.body, 'body');
    await removeEndpoint(deps.db, staffActor(res), id);
    res.redirect(303, `${base}?done=deleted`);
  });
  router.get(`${base}/:id/deliveries`, admin, async (req, res) => {
    const endpoint = await endpointOf(deps.db, req.params);
    const { done: code, ...paging } = parseOrThrow(logQuery, req.query, 'query');
    const { deliveries, next_cursor } = await getDeliveries(deps.db, endpoint.id, parseOrThrow(deliveriesQuery, paging, 'query'));
    sendPage(res, 200, deliveriesPage({ session: sessionOf(res), endpoint, deliveries, nextCursor: next_cursor, notice: done(code) }));
  });
  router.post(`${base}/:id/deliveries/:deliveryId/redeliver`, admin, async (req, res) => {
    const { id, deliveryId } = parseOrThrow(deliveryParams, req.params, 'params');
    parseOrThrow(csrfOnly, req.body, 'body');
    await redeliver(deps.db, staffActor(res), id, Number(deliveryId));
    res.redirect(303, `${base}/${id}/deliveries?done=redelivered`);
  });
  return router;
}

async function endpointOf(db: Db, params: unknown): Promise<EndpointView> {
  const { id } = parseOrThrow(endpointIdParams, params, 'params');
  const endpoint = (await getEndpoints(db)).find((e) => e.id === id);
  if (!endpoint) throw notFound('No such webhook endpoint.');
  return endpoint;
}
