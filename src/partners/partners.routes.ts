import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import type { OutboundPolicy } from '../shared/http/outbound-address';
import { adminRoute, requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { partnerBodies, partnerIdParams, partnersResponse, partnerView, type PartnerBodies } from './partners.schemas';
import { changePartner, createPartner, getPartners } from './partners.service';
import type { Db } from '../database';

export interface PartnersRouteDeps {
  db: Db;
  staff: StaffVerifier;
  /** Where referral URLs may point (production: public https addresses only). */
  outbound: OutboundPolicy;
}

export function partnersRoutes(deps: PartnersRouteDeps, docs: ApiDocs): Router {
  const router = Router();
  const bodies = partnerBodies(deps.outbound);
  const admin = requireStaff(deps.staff, 'admin');
  document(docs, bodies);

  router.get('/api/admin/partners', admin, async (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ partners: await getPartners(deps.db) });
  });
  router.post('/api/admin/partners', admin, async (req, res) => {
    const input = parseOrThrow(bodies.create, req.body, 'body');
    res.status(201).json(await createPartner(deps, staffActor(res), input));
  });
  router.patch('/api/admin/partners/:id', admin, async (req, res) => {
    const { id } = parseOrThrow(partnerIdParams, req.params, 'params');
    const input = parseOrThrow(bodies.update, req.body, 'body');
    res.json(await changePartner(deps, staffActor(res), id, input));
  });
  return router;
}

function document(docs: ApiDocs, bodies: PartnerBodies): void {
  const refused = {
    422: { description: 'Invalid fields; a referral_url at, or resolving to, an address we do not call' },
    503: { description: "The referral_url's host name could not be looked up now (Retry-After)" },
  };
  docs.add(
    adminRoute({
      method: 'get',
      path: '/api/admin/partners',
      summary: 'Reseller partners',
      responses: { 200: { description: 'The partners', schema: partnersResponse } },
    }),
    adminRoute({
      method: 'post',
      path: '/api/admin/partners',
      summary: 'Add a reseller partner: who receives referrals of shoppers (who asked to be contacted) in its countries',
      body: bodies.create,
      responses: { 201: { description: 'The partner', schema: partnerView }, ...refused },
    }),
    adminRoute({
      method: 'patch',
      path: '/api/admin/partners/{id}',
      summary: 'Change a partner (name, countries, referral_url, active)',
      params: partnerIdParams,
      body: bodies.update,
      responses: { 200: { description: 'The partner', schema: partnerView }, 404: { description: 'No such partner' }, ...refused },
    }),
  );
}
