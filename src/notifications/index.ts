export { queueEmail, SEND_EMAIL_JOB, type EmailRequest } from './notify';
export { createMailer, type Mailer, type OutgoingEmail } from './mailer';
export { sendQueuedEmail, type SendEmailDeps } from './send-email';
export { EMAIL_KINDS, type EmailKind, type EmailRow } from './emails.table';
