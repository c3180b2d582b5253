import { createHash } from 'node:crypto';
import type { OrderItemRow, OrderRow } from '../orders';

/** A document as issued: everything printed that comes from the order, frozen at issue. */
export interface DocumentContent {
  kind: 'invoice' | 'proforma' | 'credit_note';
  number: string;
  issued_on: string;
  order_number: string;
  currency: string;
  buyer: { name: string; company: string | null; country: string; region: string | null; vat_id: string | null; email: string };
  po_number: string | null;
  lines: Array<{ sku: string; name: string; quantity: number; unit_amount: number; amount: number; tax_country: string | null; tax_rate_bp: number; tax_amount: number }>;
  /** Tax per country and rate, as the law asks an invoice to show it. */
  tax_by_rate: Array<{ country: string | null; rate_bp: number; net: number; tax: number }>;
  net: number;
  tax: number;
  gross: number;
  note: string | null;
  /** Pro-forma only: what to quote when paying by bank transfer. */
  payment_reference: string | null;
  /** Credit note only: the invoice it corrects. */
  refers_to?: string | null;
}

export function documentContent(kind: DocumentContent['kind'], number: string, order: OrderRow, items: OrderItemRow[], issuedOn: Date): DocumentContent {
  const groups = new Map<string, DocumentContent['tax_by_rate'][number]>();
  for (const i of items) {
    const key = `${i.tax_country ?? ''}:${i.tax_rate_bp}`;
    const g = groups.get(key) ?? { country: i.tax_country, rate_bp: i.tax_rate_bp, net: 0, tax: 0 };
    g.tax += i.tax_amount;
    groups.set(key, g);
  }
  // Net per rate from the order's own split, so the groups add up to its subtotal even with prices
  // that include tax (where a line's amount is gross).
  const included = order.subtotal !== items.reduce((s, i) => s + i.amount, 0);
  for (const i of items) groups.get(`${i.tax_country ?? ''}:${i.tax_rate_bp}`)!.net += included ? i.amount - i.tax_amount : i.amount;
  return {
    kind,
    number,
    issued_on: issuedOn.toISOString().slice(0, 10),
    order_number: order.number,
    currency: order.currency,
    buyer: {
      name: order.customer_name,
      company: order.customer_company,
      country: order.customer_country,
      region: order.customer_region,
      vat_id: order.customer_vat_id,
      email: order.customer_email,
    },
    po_number: order.po_number,
    lines: items.map((i) => ({
      sku: i.sku,
      name: i.name,
      quantity: i.quantity,
      unit_amount: i.unit_amount,
      amount: i.amount,
      tax_country: i.tax_country,
      tax_rate_bp: i.tax_rate_bp,
      tax_amount: i.tax_amount,
    })),
    tax_by_rate: [...groups.values()],
    net: order.subtotal,
    tax: order.tax,
    gross: order.total,
    note: order.tax_note,
    payment_reference: kind === 'proforma' ? order.offline_reference : null,
  };
}

export const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
