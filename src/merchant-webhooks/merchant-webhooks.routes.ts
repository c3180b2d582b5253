import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { adminRoute, requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import {
  createdEndpointView,
  deliveriesPage,
  deliveriesQuery,
  deliveryParams,
  endpointBodies,
  endpointIdParams,
  endpointsResponse,
  endpointView,
  redeliverAnswer,
  type EndpointBodies,
} from './merchant-webhooks.schemas';
import { changeEndpoint, createEndpoint, getDeliveries, getEndpoints, redeliver, removeEndpoint, type MerchantWebhookDeps } from './merchant-webhooks.service';

export interface MerchantWebhookRouteDeps extends MerchantWebhookDeps {
  staff: StaffVerifier;
}

/** Admins register where the store's events go (signed per Standard Webhooks) and read how each
 * delivery went. */
export function merchantWebhookRoutes(deps: MerchantWebhookRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  const bodies = endpointBodies(deps.outbound);
  const admin = requireStaff(deps.staff, 'admin');
  document(docs, bodies);
  router.get('/api/admin/webhooks', admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ endpoints: await getEndpoints(deps.db) });
  });
  router.post('/api/admin/webhooks', admin, async (req, res) => {
    const input = parseOrThrow(bodies.create, req.body, 'body');
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await createEndpoint(deps, staffActor(res), input));
  });
  router.patch('/api/admin/webhooks/:id', admin, async (req, res) => {
    const { id } = parseOrThrow(endpointIdParams, req.params, 'params');
    const input = parseOrThrow(bodies.update, req.body, 'body');
    res.json(await changeEndpoint(deps, staffActor(res), id, input));
  });
  router.delete('/api/admin/webhooks/:id', admin, async (req, res) => {
    const { id } = parseOrThrow(endpointIdParams, req.params, 'params');
    await removeEndpoint(deps.db, staffActor(res), id);
    res.status(204).end();
  });
  router.get('/api/admin/webhooks/:id/deliveries', admin, async (req, res) => {
    const { id } = parseOrThrow(endpointIdParams, req.params, 'params');
    const q = parseOrThrow(deliveriesQuery, req.query, 'query');
    res.set('Cache-Control', 'no-store').json(await getDeliveries(deps.db, id, q));
  });
  router.post('/api/admin/webhooks/:id/deliveries/:deliveryId/redeliver', admin, async (req, res) => {
    const { id, deliveryId } = parseOrThrow(deliveryParams, req.params, 'params');
    res.status(202).json(await redeliver(deps.db, staffActor(res), id, Number(deliveryId)));
  });
  return router;
}

function document(docs: ApiDocs, bodies: EndpointBodies): void {
  const missing = { 404: { description: 'No such webhook endpoint' } };
  const refused = {
    422: { description: 'Invalid fields; a url at, or resolving to, an address we do not call' },
    503: { description: "The url's host name could not be looked up now (Retry-After)" },
  };
  const path = '/api/admin/webhooks';
  docs.add(
    adminRoute({
      method: 'get',
      path,
      summary: 'Webhook endpoints of the merchant’s other systems',
      responses: { 200: { description: 'The endpoints', schema: endpointsResponse } },
    }),
    adminRoute({
      method: 'post',
      path,
      summary: 'Register an endpoint for signed events (Standard Webhooks); the answer holds its signing secret, shown this once',
      body: bodies.create,
      responses: { 201: { description: 'The endpoint and its whsec_ secret', schema: createdEndpointView }, ...refused },
    }),
    adminRoute({
      method: 'patch',
      path: `${path}/{id}`,
      summary: 'Change an endpoint (url, event_types, active)',
      params: endpointIdParams,
      body: bodies.update,
      responses: { 200: { description: 'The endpoint', schema: endpointView }, ...missing, ...refused },
    }),
    adminRoute({
      method: 'delete',
      path: `${path}/{id}`,
      summary: 'Remove an endpoint and its delivery log',
      params: endpointIdParams,
      responses: { 204: { description: 'Removed' }, ...missing },
    }),
    adminRoute({
      method: 'get',
      path: `${path}/{id}/deliveries`,
      summary: 'The endpoint’s deliveries, newest first, each with its attempts; pass next_cursor back as cursor for the next page',
      params: endpointIdParams,
      query: deliveriesQuery,
      responses: { 200: { description: 'A page of deliveries', schema: deliveriesPage }, 400: { description: 'Bad limit or cursor' }, ...missing },
    }),
    adminRoute({
      method: 'post',
      path: `${path}/{id}/deliveries/{deliveryId}/redeliver`,
      summary: 'Send a delivery again (same webhook-id and body, a new round of retries)',
      params: deliveryParams,
      responses: {
        202: { description: 'Queued: the delivery is pending again', schema: redeliverAnswer },
        404: { description: 'No such delivery' },
        409: { description: 'The delivery is still being attempted' },
      },
    }),
  );
}
