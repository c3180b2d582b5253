import type { ColumnType, Generated, Selectable } from 'kysely';

export interface DocumentCounterTable {
  series: string;
  year: number;
  last_number: number;
}

export type DocumentKind = 'invoice' | 'proforma' | 'credit_note';

export interface InvoiceDocumentTable {
  id: Generated<string>;
  order_id: string;
  kind: DocumentKind;
  number: string;
  refund_id: ColumnType<string | null, string | null | undefined, never>;
  refers_to: ColumnType<string | null, string | null | undefined, never>;
  currency: string;
  net: number;
  tax: number;
  gross: number;
  /** The document as issued (DocumentContent), never updated. */
  content: ColumnType<unknown, string, never>;
  content_sha256: string;
  /** Rendered once from `content`, then kept as it is. */
  pdf: ColumnType<Buffer | null, never, Buffer>;
  pdf_sha256: ColumnType<string | null, never, string>;
  issued_at: ColumnType<Date, Date | undefined, never>;
}

export type InvoiceDocumentRow = Selectable<InvoiceDocumentTable>;
