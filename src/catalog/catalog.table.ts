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
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ProductPriceTable {
  sku: string;
  currency: string;
  unit_amount: number;
}

export interface TaxRateTable {
  country: string;
  rate_bp: number;
  label: string;
}

export type ProductRow = Selectable<ProductTable>;
export type ProductPriceRow = Selectable<ProductPriceTable>;
