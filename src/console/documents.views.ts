import { html, type Html } from '../shared/html/html';
import { money, when } from './format';
import { table } from './table';

/** An order's document as listed: what `listDocuments` answers. */
export interface OrderDocument {
  kind: 'invoice' | 'proforma' | 'credit_note';
  number: string;
  refers_to: string | null;
  currency: string;
  gross: number;
  issued_at: string;
}

const KIND: Record<OrderDocument['kind'], string> = { invoice: 'Invoice', proforma: 'Pro-forma', credit_note: 'Credit note' };

/** The order's invoice, pro-forma and credit notes, each a PDF download (the one the shopper gets). */
export function documentsSection(orderId: string, documents: readonly OrderDocument[]): Html {
  return html`<section aria-labelledby="s-documents">
    <h2 id="s-documents">Documents</h2>
    ${table({
      caption: 'Documents issued for this order (times in UTC)',
      rows: documents,
      empty: 'No document has been issued for this order.',
      rowHeaders: true,
      columns: [
        { header: 'Number', cell: (d) => html`<a href="/console/sales/orders/${orderId}/documents/${d.number}" download>${d.number}</a>` },
        { header: 'Kind', cell: (d) => (d.refers_to ? `${KIND[d.kind]} for ${d.refers_to}` : KIND[d.kind]) },
        { header: 'Amount', cell: (d) => money(d.gross, d.currency), num: true },
        { header: 'Issued', cell: (d) => when(d.issued_at) },
      ],
    })}
  </section>`;
}
