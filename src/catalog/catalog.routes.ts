import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { productsResponse } from './catalog.schemas';
import { listProducts } from './catalog.service';
import type { Db } from '../database';

export function catalogRoutes(db: Db, docs: ApiDocs): Router {
  const router = Router();
  docs.add({
    method: 'get',
    path: '/api/products',
    tag: 'Shoppers',
    summary: 'The catalog: active products with prices per currency and seats left. Sets no cookie.',
    responses: { 200: { description: 'The products', schema: productsResponse } },
  });
  router.get('/api/products', async (_req, res) => {
    res.json({ products: await listProducts(db) });
  });
  return router;
}
