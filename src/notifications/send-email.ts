import { maskCardNumbers } from '../card-data';
import { findOrderById, findOrderItems, type OrderRow } from '../orders';
import { findEmail, markEmail } from './emails.repository';
import { isDeliveryKind, type DeliveryEmailKind, type EmailRow } from './emails.table';
import type { Mailer, OutgoingEmail } from './mailer';
import { renderEmail, stillTrue, type EmailContent } from './templates';
import type { Db } from '../database';
import { countEmail } from './notifications.metrics';

/** A delivery email as fulfilment renders it: its own recipient (an attendee) and attachments.
 * Undefined when it no longer applies (the attendee was changed since): it is then skipped. */
type RenderedDelivery = EmailContent & Pick<OutgoingEmail, 'attachments'> & { to?: string };
export type DeliveryRenderer = (email: EmailRow, order: OrderRow) => Promise<RenderedDelivery | undefined>;
export type DeliveryRenderers = Record<DeliveryEmailKind, DeliveryRenderer>;
/** The files an email about an order carries besides its text (invoicing's documents, passed in by
 * the composition root: invoicing is not ours to import). Empty when there are none. */
export type AttachmentsFor = (email: EmailRow, order: OrderRow) => Promise<NonNullable<OutgoingEmail['attachments']>>;

export interface SendEmailDeps {
  db: Db;
  mailer: Mailer;
  salesEmail: string;
  /** The offline payment instructions for a reference. */
  instructionsFor(reference: string): string;
  /** The order's page with a token that opens it, for the shopper's emails. */
  orderPageUrl(orderId: string): Promise<string>;
  /** The delivery emails' texts, which read what fulfilment delivered (it passes them in). */
  delivery?: DeliveryRenderers;
  /** The documents the receipt, the pay-via-sales confirmation and the refund notice attach. */
  attachmentsFor?: AttachmentsFor;
}

/**
 * The `email.send` job: renders one outbox email from the order as it is now and sends it. A row
 * already sent is left alone, so a job that runs again sends nothing twice; an order erased in the
 * meantime gets no email (its address is gone).
 */
export async function sendQueuedEmail(deps: SendEmailDeps, emailId: number): Promise<void> {
  const email = await findEmail(deps.db, emailId);
  if (!email || email.status !== 'pending') return;
  const order = await findOrderById(deps.db, email.order_id);
  if (!order || order.erased_at) {
    await markEmail(deps.db, email.id, 'skipped', null);
    return;
  }
  const content = await render(deps, email, order);
  if (!content) {
    await markEmail(deps.db, email.id, 'skipped', null);
    return;
  }
  const messageId = `<handoff-email-${email.id}-${email.kind}@handoff.invalid>`;
  await countEmail(
    email.kind,
    deps.mailer.send({
      ...content,
      to: content.to ?? (email.recipient === 'sales' ? deps.salesEmail : order.customer_email),
      messageId,
      fileName: `${order.number}-${String(email.id).padStart(6, '0')}-${email.kind}.eml`,
    }),
  );
  await markEmail(deps.db, email.id, 'sent', messageId);
}

async function render(deps: SendEmailDeps, email: EmailRow, order: OrderRow): Promise<RenderedDelivery | undefined> {
  if (isDeliveryKind(email.kind)) {
    if (!deps.delivery) throw new Error(`no renderer for ${email.kind} emails in this process`);
    const content = await deps.delivery[email.kind](email, order);
    // The same last check as every other email: no card number leaves in the text.
    return content && { ...content, subject: maskCardNumbers(content.subject), text: maskCardNumbers(content.text) };
  }
  const detail = (email.detail ?? {}) as Record<string, unknown>;
  if (!stillTrue(email.kind, order, detail)) return undefined;
  const content = renderEmail(email.kind, {
    order,
    items: await findOrderItems(deps.db, order.id),
    detail,
    instructions: order.offline_reference ? deps.instructionsFor(order.offline_reference) : '',
    orderPageUrl: await deps.orderPageUrl(order.id),
  });
  const attachments = (await deps.attachmentsFor?.(email, order)) ?? [];
  return attachments.length > 0 ? { ...content, attachments } : content;
}
