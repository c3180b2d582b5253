import { audit } from '../audit';
import { retryingTransaction } from '../shared/db';
import { unprocessable } from '../shared/errors';
import { insertRate, listRates, lockRateSeries, updateRate } from './tax.repository';
import type { SetTaxRateInput } from './tax.schemas';
import type { TaxRateRow } from './tax.table';
import type { Db } from '../database';

export const readTaxRates = (db: Db, country?: string): Promise<TaxRateRow[]> => listRates(db, country);

/** A new rate from `valid_from` on: the rate in force then ends that day, so orders already taxed
 * keep the rate of their day and history stays as it was. The same day again corrects that rate.
 * A rate that starts later already is left for the admin to change first (422), rather than
 * guessing which of the two should win. Audited with the rates before and after. */
export async function setTaxRate(db: Db, actor: string, country: string, input: SetTaxRateInput, today: string): Promise<TaxRateRow[]> {
  const region = input.region ?? '';
  const from = input.valid_from ?? today;
  return retryingTransaction(db, async (tx) => {
    const before = await lockRateSeries(tx, country, region);
    const later = before.find((r) => r.valid_from > from);
    if (later) {
      throw unprocessable('later_rate_exists', `A rate for ${country} starts on ${later.valid_from} already.`, [
        { path: 'valid_from', message: `On or after ${later.valid_from}, or change that rate first.` },
      ]);
    }
    const key = { country, region };
    if (before.some((r) => r.valid_from === from)) {
      await updateRate(tx, { ...key, valid_from: from }, { rate_bp: input.rate_bp, label: input.label });
    } else {
      const current = before.find((r) => r.valid_to === null || r.valid_to > from);
      if (current) await updateRate(tx, { ...key, valid_from: current.valid_from }, { valid_to: from });
      await insertRate(tx, { ...key, rate_bp: input.rate_bp, label: input.label, valid_from: from });
    }
    const after = await lockRateSeries(tx, country, region);
    await audit(tx, { actor, action: 'tax_rate.changed', subjectType: 'tax_rate', subjectId: region ? `${country}-${region}` : country, before, after });
    return after;
  });
}
