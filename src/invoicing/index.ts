export { issueInvoice, issueProforma, issueCreditNote } from './invoicing.service';
export { invoicingRoutes } from './invoicing.routes';
export { listDocuments, type DocumentsDeps } from './documents.service';
export { sendDocumentPdf } from './document-download';
export { documentParams } from './invoicing.schemas';
export { dropProformasKeepInvoices } from './invoicing.repository';
export { documentAttachments, type DocumentAttachment } from './email-attachments';
