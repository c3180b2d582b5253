import { Router } from 'express';
import { z } from 'zod';
import { bearerToken } from '../shared/http/bearer';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { openDownload } from './downloads.service';
import { attendeeBody, deliveryView, downloadLinkView, downloadParams, licenceParams, orderIdParams, seatParams } from './fulfilment.schemas';
import { getDelivery, nameSeat, requestDownloadLink, shopperOrderId, type FulfilmentDeps } from './fulfilment.service';
import { signedRevocationList } from './staff-lists';

/** What shoppers (with their order token) and licensed software (public) reach. */
export function fulfilmentRoutes(deps: FulfilmentDeps, docs: ApiDocs): Router {
  const router = Router();
  document(docs);
  const order = (params: unknown, authorization: string | undefined) => shopperOrderId(deps, (params as { id: string }).id, bearerToken(authorization));

  router.get('/api/orders/:id/delivery', async (req, res) => {
    const { id } = parseOrThrow(orderIdParams, req.params, 'params');
    await order({ id }, req.get('authorization'));
    res.set('Cache-Control', 'no-store').json(await getDelivery(deps, id));
  });
  router.patch('/api/orders/:id/attendees/:seat_id', async (req, res) => {
    const params = parseOrThrow(seatParams, req.params, 'params');
    await order(params, req.get('authorization'));
    const person = parseOrThrow(attendeeBody, req.body, 'body');
    res.json(await nameSeat(deps, params.id, params.seat_id, person));
  });
  router.post('/api/orders/:id/licences/:licence_id/download-links', async (req, res) => {
    const params = parseOrThrow(licenceParams, req.params, 'params');
    await order(params, req.get('authorization'));
    res
      .status(201)
      .set('Cache-Control', 'no-store')
      .json(await requestDownloadLink(deps, params.id, params.licence_id));
  });
  router.get('/downloads', async (req, res) => {
    const { token } = parseOrThrow(downloadParams, req.query, 'query');
    const { file, name } = await openDownload(deps, token);
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').attachment(name).sendFile(file);
  });
  router.get('/licences/revocations', async (_req, res) => {
    res
      .set('Cache-Control', 'public, max-age=300')
      .type('application/jwt')
      .send(await signedRevocationList(deps.db, deps.signer));
  });
  return router;
}

function document(docs: ApiDocs): void {
  const shopper = { tag: 'Shoppers', auth: 'order_token' as const };
  const refused = { 401: { description: 'No or wrong order token' } };
  docs.add(
    {
      ...shopper,
      method: 'get',
      path: '/api/orders/{id}/delivery',
      operationId: 'getOrderDelivery',
      summary: 'What the paid order delivered: licence keys, tickets (with the QR text), training seats',
      params: orderIdParams,
      responses: { 200: { description: 'The delivery', schema: deliveryView }, ...refused, 422: { description: 'Malformed id' } },
    },
    {
      ...shopper,
      method: 'patch',
      path: '/api/orders/{id}/attendees/{seat_id}',
      operationId: 'nameSeatAttendee',
      summary: "Name or change a training seat's attendee (until the session starts); they get an invitation with an .ics file",
      params: seatParams,
      body: attendeeBody,
      responses: {
        200: { description: 'The seat', schema: deliveryView.shape.seats.element },
        ...refused,
        404: { description: 'No such seat on this order' },
        422: { description: 'Invalid name or email, the session has started, or the seat was refunded' },
      },
    },
    {
      ...shopper,
      method: 'post',
      path: '/api/orders/{id}/licences/{licence_id}/download-links',
      operationId: 'createDownloadLink',
      summary: 'A new signed download link for a licence whose product has a download',
      params: licenceParams,
      responses: {
        201: { description: 'The link', schema: downloadLinkView },
        ...refused,
        404: { description: 'No such licence' },
        422: { description: 'Revoked, or no download' },
      },
    },
    {
      method: 'get',
      path: '/downloads',
      operationId: 'getDownload',
      tag: 'Shoppers',
      auth: 'none',
      summary: 'The file a signed download link opens (Content-Disposition: attachment); each use counts',
      query: downloadParams,
      responses: {
        200: { description: 'The file', contentType: 'application/octet-stream', schema: z.string().meta({ format: 'binary' }) },
        404: { description: 'The file is not available' },
        410: { description: 'The link expired, was used up, or its licence was revoked' },
        422: { description: 'No token' },
      },
    },
    {
      method: 'get',
      path: '/licences/revocations',
      operationId: 'getLicenceRevocations',
      tag: 'Licences',
      auth: 'none',
      summary: 'The signed licence revocation list (compact JWS, typ handoff-licence-revocations+jwt, key in /.well-known/jwks.json)',
      responses: {
        200: { description: 'Compact JWS whose payload lists {jti, revoked_at}', contentType: 'application/jwt', schema: z.string().describe('header.payload.signature') },
        503: { description: 'Database unavailable' },
      },
    },
  );
}
