import type { ColumnType, Generated, Selectable } from 'kysely';

type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export type ProductKind = 'software' | 'training' | 'event';

export interface ProductTable {
  sku: string;
  name: string;
  kind: ProductKind;
  description: Generated<string>;
  capacity: number | null;
  seats_taken: Generated<number>;
  active: Generated<boolean>;
  /** What delivery needs (see db/migrations/20261202T0100_fulfilment.ts); null where the kind has none. */
  licence_term_months: ColumnType<number | null, number | null | undefined, number | null>;
  download_file: ColumnType<string | null, string | null | undefined, string | null>;
  starts_at: NullableTime;
  ends_at: NullableTime;
  time_zone: ColumnType<string | null, string | null | undefined, string | null>;
  location: ColumnType<string | null, string | null | undefined, string | null>;
  online_url: ColumnType<string | null, string | null | undefined, string | null>;
  venue: ColumnType<string | null, string | null | undefined, string | null>;
  sales_end_at: NullableTime;
  /** Where an event or in-person training takes place, which is where it is taxed; null for what is
   * supplied electronically (licences, online training), taxed where the buyer is. */
  location_country: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProductPriceTable {
  sku: string;
  currency: string;
  unit_amount: number;
}

export type ProductRow = Selectable<ProductTable>;
export type ProductPriceRow = Selectable<ProductPriceTable>;
