import type { ColumnType, Generated, Selectable } from 'kysely';

export type ProductKind = 'software' | 'training' | 'event';

export interface ProductTable {
  sku: string;
  name: string;
  kind: ProductKind;
  description: Generated<string>;
  capacity: number | null;
  seats_taken: Generated<number>;
  active: Generated<boolean>;
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
