import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { unprocessable } from '../shared/errors';
import { parseOrThrow } from '../shared/http/validate';
import { staffActor } from '../staff-auth';
import { readTaxRates, setTaxRate, setTaxRateBody, taxCountryParams, taxRatesQuery, type TaxSettings } from '../tax';
import { parsePercent } from './format';
import { sessionOf } from './console-session';
import { notice } from './layout';
import { withoutEmpty } from './sales.routes';
import { doneCode, sendPage } from './send-page';
import { taxRatesPage } from './tax-rates.views';
import type { Db } from '../database';

const pageQuery = z.object({ country: z.string().optional(), done: z.string().optional() }).strict();
const rateForm = z.object({ _csrf: z.string(), rate: z.string(), label: z.string(), valid_from: z.string().optional(), region: z.string().optional() }).strict();
const DONE: Record<string, string> = { saved: 'Rate saved.' };
/** Codes typed into a form: "at" is AT. */
const upper = (s: string | undefined) => s?.trim().toUpperCase();

/** Tax rates through the same service as `/api/admin/tax-rates`: a rate from a day on, audited. */
export function taxRatePages(deps: { db: Db; settings: TaxSettings }, admin: RequestHandler): Router {
  const router = Router();
  router.get('/console/admin/tax-rates', admin, async (req, res) => {
    const query = parseOrThrow(pageQuery, req.query, 'query');
    const { country } = parseOrThrow(taxRatesQuery, withoutEmpty({ country: upper(query.country) }), 'query');
    const rates = await readTaxRates(deps.db, country);
    sendPage(res, 200, taxRatesPage({ session: sessionOf(res), settings: deps.settings, rates, country, notice: notice(DONE[doneCode(query.done)]) }));
  });
  router.post('/console/admin/tax-rates/:country', admin, async (req, res) => {
    const { country } = parseOrThrow(taxCountryParams, req.params, 'params');
    const form = parseOrThrow(rateForm, req.body, 'body');
    const rate = parsePercent(form.rate);
    if (rate === undefined || rate > 10_000) {
      throw unprocessable('validation_failed', 'The rate is not a percentage.', [{ path: 'rate', message: 'A percentage from 0 to 100, like 19 or 7.7.' }]);
    }
    const input = parseOrThrow(setTaxRateBody, withoutEmpty({ rate_bp: rate, label: form.label, valid_from: form.valid_from, region: upper(form.region) }), 'body');
    await setTaxRate(deps.db, staffActor(res), country, input, new Date().toISOString().slice(0, 10));
    res.redirect(303, `/console/admin/tax-rates?country=${country}&done=saved`);
  });
  return router;
}
