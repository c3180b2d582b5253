import { formatMinor } from '../shared/money';
import type { DocumentContent } from './document-content';

/** The seller's details, from configuration (SELLER_*). */
export interface Seller {
  name: string;
  address: string;
  country: string;
  vatId: string | undefined;
  bank: string;
}

const TITLES = { invoice: 'Invoice', proforma: 'Pro-forma invoice', credit_note: 'Credit note' } as const;
const percent = (bp: number) => `${(bp / 100).toFixed(2)}%`;

/** Renders a document from its issued content. The creation date is the issue date, so the same
 * content renders to the same file. pdfkit (with its fonts) is loaded on the first document, not at
 * start: it was the largest single module in the service's start-up (README, Benchmarks). */
export async function renderPdf(c: DocumentContent, seller: Seller, instructions: string | null): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const issued = new Date(`${c.issued_on}T00:00:00Z`);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${TITLES[c.kind]} ${c.number}`, Author: seller.name, CreationDate: issued, ModDate: issued } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const money = (n: number) => `${formatMinor(n, c.currency)} ${c.currency}`;

  doc.fontSize(18).text(`${TITLES[c.kind]} ${c.number}`);
  doc.fontSize(10).text(`Issued ${c.issued_on} · Order ${c.order_number}${c.po_number ? ` · Your PO ${c.po_number}` : ''}`);
  if (c.kind === 'proforma') doc.text('This is not an invoice: the invoice follows once payment is received.');
  if (c.kind === 'credit_note') doc.text(`Credits invoice ${c.refers_to ?? '(none issued)'}: the amounts below are refunded.`);
  doc.moveDown().text(`From: ${seller.name}, ${seller.address}, ${seller.country}${seller.vatId ? `, VAT id ${seller.vatId}` : ''}`);
  const b = c.buyer;
  doc.text(`To: ${[b.company, b.name].filter(Boolean).join(', ')}, ${b.region ? `${b.region}, ` : ''}${b.country}${b.vat_id ? `, VAT id ${b.vat_id}` : ''}`);
  doc.moveDown();
  for (const l of c.lines) {
    doc.text(`${l.quantity} × ${l.name} (${l.sku}) at ${money(l.unit_amount)} = ${money(l.amount)}; tax ${l.tax_country ?? ''} ${percent(l.tax_rate_bp)}: ${money(l.tax_amount)}`);
  }
  doc.moveDown();
  for (const g of c.tax_by_rate) doc.text(`Tax ${g.country ?? ''} ${percent(g.rate_bp)} on ${money(g.net)}: ${money(g.tax)}`);
  doc
    .text(`Net: ${money(c.net)}`)
    .text(`Tax: ${money(c.tax)}`)
    .fontSize(12)
    .text(`Total: ${money(c.gross)}`)
    .fontSize(10);
  if (c.note) doc.moveDown().text(c.note);
  if (c.kind === 'proforma') {
    doc.moveDown().text(`Payment reference: ${c.payment_reference ?? ''}`);
    if (instructions) doc.text(instructions);
    doc.text(`Bank: ${seller.bank}`);
  }
  doc.end();
  return done;
}
