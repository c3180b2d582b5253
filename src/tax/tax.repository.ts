import { sql } from 'kysely';
import type { SeedRate } from './rates';
import type { TaxRateRow } from './tax.table';
import type { Db, Tx } from '../database';

/** Dates as the law states them ('2025-07-01'), whatever the driver makes of a `date`. */
const columns = [
  'country',
  'region',
  'rate_bp',
  'label',
  sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'),
  sql<string | null>`to_char(valid_to, 'YYYY-MM-DD')`.as('valid_to'),
] as const;

/** The rates in force on `day` in these countries, nationwide and regional. */
export async function findRatesInForce(db: Db | Tx, countries: string[], day: string): Promise<TaxRateRow[]> {
  if (countries.length === 0) return [];
  return db
    .selectFrom('tax_rates')
    .select(columns)
    .where('country', 'in', countries)
    .where('valid_from', '<=', day)
    .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', day)]))
    .execute();
}

export async function listRates(db: Db | Tx, country?: string): Promise<TaxRateRow[]> {
  let query = db.selectFrom('tax_rates').select(columns).orderBy('country').orderBy('region').orderBy('valid_from');
  if (country) query = query.where('country', '=', country);
  return query.execute();
}

/** Every rate of one country and region, locked, so two admins changing it take turns. */
export async function lockRateSeries(tx: Tx, country: string, region: string): Promise<TaxRateRow[]> {
  return tx.selectFrom('tax_rates').select(columns).where('country', '=', country).where('region', '=', region).orderBy('valid_from').forUpdate().execute();
}

export async function insertRate(tx: Tx, row: { country: string; region: string; rate_bp: number; label: string; valid_from: string }): Promise<void> {
  await tx.insertInto('tax_rates').values(row).execute();
}

export async function updateRate(
  tx: Tx,
  key: { country: string; region: string; valid_from: string },
  set: { rate_bp?: number; label?: string; valid_to?: string | null },
): Promise<void> {
  await tx.updateTable('tax_rates').set(set).where('country', '=', key.country).where('region', '=', key.region).where('valid_from', '=', key.valid_from).execute();
}

/** The starting rates, written on every start; rows that exist (an admin's included) are left alone. */
export async function seedRates(db: Db | Tx, rates: SeedRate[]): Promise<void> {
  await db
    .insertInto('tax_rates')
    .values(rates.map((r) => ({ region: '', ...r })))
    .onConflict((oc) => oc.columns(['country', 'region', 'valid_from']).doNothing())
    .execute();
}
