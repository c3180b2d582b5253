import type { ColumnType, Selectable } from 'kysely';

/** One rate of one country (and region, '' for nationwide), in force from `valid_from` (a date, as
 * the law states it) until `valid_to` (exclusive; null while it holds). */
export interface TaxRateTable {
  country: string;
  region: ColumnType<string, string | undefined, string>;
  rate_bp: number;
  label: string;
  valid_from: ColumnType<string, string | undefined, string>;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
}

export type TaxRateRow = Selectable<TaxRateTable>;
