import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { adminRoute, requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { adminProductView, createProductBody, productSkuParams, updateProductBody } from './catalog.admin.schemas';
import { changeProduct, createProduct } from './catalog.admin.service';
import type { Db } from '../database';

/** Catalog administration (admin role). Changes are validated like shoppers' input and audited. */
export function catalogAdminRoutes(deps: { db: Db; staff: StaffVerifier }, docs: ApiDocs): Router {
  const router = Router();
  const admin = requireStaff(deps.staff, 'admin');
  document(docs);
  router.post('/api/admin/products', admin, async (req, res) => {
    const input = parseOrThrow(createProductBody, req.body, 'body');
    res.status(201).json(await createProduct(deps.db, staffActor(res), input));
  });
  router.patch('/api/admin/products/:sku', admin, async (req, res) => {
    const { sku } = parseOrThrow(productSkuParams, req.params, 'params');
    const input = parseOrThrow(updateProductBody, req.body, 'body');
    res.json(await changeProduct(deps.db, staffActor(res), sku, input));
  });
  return router;
}

function document(docs: ApiDocs): void {
  docs.add(
    adminRoute({
      method: 'post',
      path: '/api/admin/products',
      summary: 'Add a product with its prices per currency and, for training and events, its capacity',
      body: createProductBody,
      responses: { 201: { description: 'The product', schema: adminProductView }, 409: { description: 'The sku exists' }, 422: { description: 'Invalid fields' } },
    }),
    adminRoute({
      method: 'patch',
      path: '/api/admin/products/{sku}',
      summary: 'Change name, description, prices (null removes a currency), capacity (never below seats taken) or active',
      params: productSkuParams,
      body: updateProductBody,
      responses: {
        200: { description: 'The product', schema: adminProductView },
        404: { description: 'No such product' },
        422: { description: 'Invalid fields, capacity below seats taken, or no price left' },
      },
    }),
  );
}
