import { z } from 'zod';

export const documentParams = z
  .object({
    id: z.uuid('An order id (UUID).'),
    number: z.string().regex(/^((CN-)?\d{4}-\d{6}|PF-[A-Z0-9-]{1,40})$/, 'A document number, such as 2026-000123, CN-2026-000004 or PF-H-000042.'),
  })
  .strict();
export const orderDocumentsParams = z.object({ id: z.uuid('An order id (UUID).') }).strict();

export const documentView = z
  .object({
    kind: z.enum(['invoice', 'proforma', 'credit_note']),
    refers_to: z.string().nullable().describe('A credit note’s invoice'),
    number: z.string(),
    currency: z.string(),
    net: z.number().int(),
    tax: z.number().int(),
    gross: z.number().int(),
    issued_at: z.string(),
    content_sha256: z.string().describe('SHA-256 of the document as issued'),
    pdf_sha256: z.string().nullable().describe('SHA-256 of the PDF, once first rendered; it never changes after'),
  })
  .meta({ id: 'InvoiceDocument' });
export const documentsResponse = z.object({ documents: z.array(documentView) }).meta({ id: 'InvoiceDocuments' });
