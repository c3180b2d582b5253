import { maskCardNumbers } from '../card-data';
import type { OrderItemRow, OrderRow } from '../orders';
import { formatMinor } from '../shared/money';
import type { DeliveryEmailKind, EmailKind } from './emails.table';

export interface EmailContent {
  subject: string;
  text: string;
}

export interface TemplateInput {
  order: OrderRow;
  items: OrderItemRow[];
  detail: Record<string, unknown>;
  /** The offline payment instructions with this order's reference filled in. */
  instructions: string;
}

const SIGNATURE = '\n-- \nHandoff store\n';
const money = (amount: number, currency: string) => `${formatMinor(amount, currency)} ${currency}`;
const day = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 10) : 'n/a');

function lines(t: TemplateInput): string {
  const { order, items } = t;
  const rows = items.map((i) => `  ${i.quantity} x ${i.name} (${i.sku})  ${money(i.amount, order.currency)}`);
  return [...rows, `  Subtotal ${money(order.subtotal, order.currency)}`, `  Tax ${money(order.tax, order.currency)}`, `  Total ${money(order.total, order.currency)}`].join('\n');
}

function customer(o: OrderRow): string {
  return [
    `  Name: ${o.customer_name}`,
    `  Email: ${o.customer_email}`,
    `  Company: ${o.customer_company ?? '-'}`,
    `  Country: ${o.customer_country}`,
    `  Phone: ${o.customer_phone ?? '-'}`,
  ].join('\n');
}

const TEMPLATES: Record<Exclude<EmailKind, DeliveryEmailKind>, (t: TemplateInput) => EmailContent> = {
  order_received: (t) => ({
    subject: `Order ${t.order.number} received: how to pay`,
    text: `Hello ${t.order.customer_name},\n\nthank you for your order ${t.order.number}.\n\n${lines(t)}\n\nHow to pay\nYour payment reference: ${t.order.offline_reference}\n${t.instructions}\n\nWe hold your order until ${day(t.order.hold_expires_at)}. If no payment has reached us by then, the order expires.\n${SIGNATURE}`,
  }),
  payment_received: (t) => {
    const { amount, amount_paid: paid } = t.detail as { amount: number; amount_paid: number };
    const rest = t.order.total - paid;
    const state = rest > 0 ? `Still to pay: ${money(rest, t.order.currency)} (reference ${t.order.offline_reference}).` : 'Your order is now paid in full. Thank you!';
    return {
      subject: `Payment received for order ${t.order.number}`,
      text: `Hello ${t.order.customer_name},\n\nwe received ${money(amount, t.order.currency)} for your order ${t.order.number}.\nPaid so far: ${money(paid, t.order.currency)} of ${money(t.order.total, t.order.currency)}.\n${state}\n${SIGNATURE}`,
    };
  },
  order_expired: (t) => ({
    subject: `Order ${t.order.number} has expired`,
    text: `Hello ${t.order.customer_name},\n\nno payment for your order ${t.order.number} reached us by ${day(t.order.hold_expires_at)}, so the order has expired and nothing is due. Any seats it held have been released.\nIf you still want it, you are welcome to order again.\n${SIGNATURE}`,
  }),
  order_cancelled: (t) => ({
    subject: `Order ${t.order.number} cancelled`,
    text: `Hello ${t.order.customer_name},\n\nyour order ${t.order.number} has been cancelled and nothing is due. Any seats it held have been released.\nIf this is a surprise, just reply to this email.\n${SIGNATURE}`,
  }),
  sales_new_order: (t) => ({
    subject: `New pay-via-sales order ${t.order.number} (${money(t.order.total, t.order.currency)})`,
    text: `A shopper ordered and will pay via sales.\n\nOrder ${t.order.number}, reference ${t.order.offline_reference}, hold until ${day(t.order.hold_expires_at)}.\n\n${lines(t)}\n\nCustomer\n${customer(t.order)}\n\nContact requested: ${t.order.contact_me ? 'yes' : 'no'}\n`,
  }),
  sales_contact_request: (t) => {
    const { partner_name: partner, failed_partner: failed } = t.detail as { partner_name?: string; failed_partner?: string | null };
    const routing =
      failed !== undefined
        ? `The referral to our partner ${failed ?? ''} did not go through: please contact the shopper yourselves.`
        : partner
          ? `It is being referred to our partner ${partner}, who covers ${t.order.customer_country}. Nothing to do unless the referral fails.`
          : `No active partner covers ${t.order.customer_country}: please contact the shopper.`;
    return {
      subject: `Contact request for order ${t.order.number}`,
      text: `The shopper asked to be contacted about order ${t.order.number} (${t.order.payment_method}).\n${routing}\n\n${lines(t)}\n\nCustomer\n${customer(t.order)}\n`,
    };
  },
};

/** Stands in for the customer's phone while the text is checked. PostgreSQL text cannot hold NUL,
 * so no stored value contains it, and its letters end any run of digits around it. */
const PHONE_SLOT = '\u0000phone\u0000';

/** The last check before an email is written: any card number in it is masked, whatever put it
 * there. The phone is checked as a phone field, so a possible phone number stays whole. */
export function renderEmail(kind: Exclude<EmailKind, DeliveryEmailKind>, input: TemplateInput): EmailContent {
  const phone = input.order.customer_phone;
  const { subject, text } = TEMPLATES[kind]({ ...input, order: { ...input.order, customer_phone: phone === null ? null : PHONE_SLOT } });
  const checkedPhone = phone === null ? '' : maskCardNumbers(phone, 'customer_phone');
  return { subject: maskCardNumbers(subject), text: maskCardNumbers(text).replaceAll(PHONE_SLOT, () => checkedPhone) };
}
