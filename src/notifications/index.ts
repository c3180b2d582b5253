export { queueEmail, type EmailRequest } from './notify';
export { createMailer, type Mailer, type OutgoingEmail } from './mailer';
export { registerNotificationJobs } from './notifications.jobs';
export { findShopperEmailsForOrders } from './emails.repository';
export { EMAIL_KINDS, isDeliveryKind, type DeliveryEmailKind, type EmailKind, type EmailRow } from './emails.table';
export type { AttachmentsFor, DeliveryRenderer, DeliveryRenderers } from './send-email';
export { renderDeliveryEmail } from './templates';
export type { TemplateView } from './render-template';
