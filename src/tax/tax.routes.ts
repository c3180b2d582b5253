import { Router } from 'express';
import type { ApiDocs } from '../shared/http/openapi';
import { parseOrThrow } from '../shared/http/validate';
import { adminRoute, requireStaff, staffActor, type StaffVerifier } from '../staff-auth';
import { readTaxRates, setTaxRate } from './tax.admin.service';
import { setTaxRateBody, taxCountryParams, taxRatesQuery, taxRatesResponse } from './tax.schemas';
import type { TaxSettings } from './tax.service';
import type { TaxRateRow } from './tax.table';
import type { Db } from '../database';

/** Tax rates (admin role): read them with the store's tax settings, add or correct a dated rate. */
export function taxAdminRoutes(deps: { db: Db; staff: StaffVerifier; settings: TaxSettings }, docs: ApiDocs): Router {
  const router = Router();
  const admin = requireStaff(deps.staff, 'admin');
  const answer = (rates: TaxRateRow[]) => ({
    rates,
    settings: {
      unconfigured_country: deps.settings.unconfiguredCountry,
      prices_include_tax: deps.settings.pricesIncludeTax,
      rounding: deps.settings.rounding,
      seller_country: deps.settings.sellerCountry,
    },
  });
  document(docs);
  router.get('/api/admin/tax-rates', admin, async (req, res) => {
    const { country } = parseOrThrow(taxRatesQuery, req.query, 'query');
    res.json(answer(await readTaxRates(deps.db, country)));
  });
  router.post('/api/admin/tax-rates/:country', admin, async (req, res) => {
    const { country } = parseOrThrow(taxCountryParams, req.params, 'params');
    const input = parseOrThrow(setTaxRateBody, req.body, 'body');
    res.json(answer(await setTaxRate(deps.db, staffActor(res), country, input, new Date().toISOString().slice(0, 10))));
  });
  return router;
}

function document(docs: ApiDocs): void {
  docs.add(
    adminRoute({
      method: 'get',
      path: '/api/admin/tax-rates',
      summary: 'The tax rates with their effective dates, and how the store taxes (unconfigured countries, prices with or without tax, rounding)',
      query: taxRatesQuery,
      responses: { 200: { description: 'The rates and settings', schema: taxRatesResponse }, 400: { description: 'Invalid query' } },
    }),
    adminRoute({
      method: 'post',
      path: '/api/admin/tax-rates/{country}',
      summary: 'Set the rate of a country (or one of its regions) from a day on; the rate before ends that day. Audited.',
      params: taxCountryParams,
      body: setTaxRateBody,
      responses: {
        200: { description: 'The rates of that country and region, oldest first', schema: taxRatesResponse },
        422: { description: 'Invalid fields, or a later rate exists already' },
      },
    }),
  );
}
