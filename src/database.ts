import type { Kysely, Transaction } from 'kysely';
import type { ProductPriceTable, ProductTable } from './catalog/catalog.table';
import type { TaxRateTable } from './tax/tax.table';
import type { DocumentCounterTable, InvoiceDocumentTable } from './invoicing/invoicing.table';
import type { OrderHistoryTable, OrderItemTable, OrderTable } from './orders/orders.table';
import type { PaymentTable } from './payments/payments.table';
import type { RefundTable } from './refunds/refunds.table';
import type { AuditLogTable } from './audit/audit.table';
import type { IdempotencyKeyTable } from './idempotency/idempotency.table';
import type { JobTable } from './jobs/jobs.table';
import type { JobScheduleTable } from './jobs/schedules.table';
import type { RateLimitTable } from './rate-limits/rate-limits.table';
import type { ContactRequestTable, DisclosureTable, PartnerTable } from './partners/partners.table';
import type { EmailTable } from './notifications/emails.table';
import type { ConsentTable, PrivacyRequestTable } from './privacy/privacy.table';
import type { WebhookEventTable } from './webhooks/webhooks.table';
import type { MerchantEventTable, MerchantWebhookAttemptTable, MerchantWebhookDeliveryTable, MerchantWebhookEndpointTable } from './merchant-webhooks/merchant-webhooks.table';
import type { AttendeeTable, DownloadLinkTable, LicenceTable, TicketTable } from './fulfilment/fulfilment.table';
import type { ConsoleSessionTable, ConsoleSignInTable } from './console/sessions.table';

/** Every table the service reads or writes. Each capability owns its `*.table.ts`. */
export interface Database {
  products: ProductTable;
  product_prices: ProductPriceTable;
  tax_rates: TaxRateTable;
  document_counters: DocumentCounterTable;
  invoice_documents: InvoiceDocumentTable;
  orders: OrderTable;
  order_items: OrderItemTable;
  order_history: OrderHistoryTable;
  payments: PaymentTable;
  refunds: RefundTable;
  webhook_events: WebhookEventTable;
  idempotency_keys: IdempotencyKeyTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
  rate_limits: RateLimitTable;
  audit_log: AuditLogTable;
  partners: PartnerTable;
  contact_requests: ContactRequestTable;
  disclosures: DisclosureTable;
  emails: EmailTable;
  consents: ConsentTable;
  privacy_requests: PrivacyRequestTable;
  merchant_webhook_endpoints: MerchantWebhookEndpointTable;
  merchant_events: MerchantEventTable;
  merchant_webhook_deliveries: MerchantWebhookDeliveryTable;
  merchant_webhook_attempts: MerchantWebhookAttemptTable;
  licences: LicenceTable;
  tickets: TicketTable;
  attendees: AttendeeTable;
  download_links: DownloadLinkTable;
  console_sessions: ConsoleSessionTable;
  console_sign_ins: ConsoleSignInTable;
}

/** The service's database handle, and the same inside a transaction (functions that lock rows take a `Tx`). */
export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
