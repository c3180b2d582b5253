import { findOrderById, findOrderItems } from '../orders';
import { findEmail, markEmail } from './emails.repository';
import type { Mailer } from './mailer';
import { renderEmail } from './templates';
import type { Db } from '../database';
import { countEmail } from './notifications.metrics';

export interface SendEmailDeps {
  db: Db;
  mailer: Mailer;
  salesEmail: string;
  /** The offline payment instructions for a reference. */
  instructionsFor(reference: string): string;
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
  const content = renderEmail(email.kind, {
    order,
    items: await findOrderItems(deps.db, order.id),
    detail: (email.detail ?? {}) as Record<string, unknown>,
    instructions: order.offline_reference ? deps.instructionsFor(order.offline_reference) : '',
  });
  const messageId = `<handoff-email-${email.id}-${email.kind}@handoff.invalid>`;
  await countEmail(
    email.kind,
    deps.mailer.send({
      ...content,
      to: email.recipient === 'sales' ? deps.salesEmail : order.customer_email,
      messageId,
      fileName: `${order.number}-${String(email.id).padStart(6, '0')}-${email.kind}.eml`,
    }),
  );
  await markEmail(deps.db, email.id, 'sent', messageId);
}
