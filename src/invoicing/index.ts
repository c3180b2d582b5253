export { issueInvoice, issueProforma, issueCreditNote } from './invoicing.service';
export { invoicingRoutes } from './invoicing.routes';
export { listDocuments } from './documents.service';
export { dropProformasKeepInvoices } from './invoicing.repository';
export { documentAttachments, type DocumentAttachment } from './email-attachments';
