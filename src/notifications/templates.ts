import { maskCardNumbers } from '../card-data';
import type { OrderItemRow, OrderRow } from '../orders';
import { formatMinor } from '../shared/money';
import type { DeliveryEmailKind, EmailKind } from './emails.table';
import { renderTemplate, type TemplateView } from './render-template';
import { templateFiles } from './template-files';

export interface EmailContent {
  subject: string;
  text: string;
  html?: string;
}

export interface TemplateInput {
  order: OrderRow;
  items: OrderItemRow[];
  detail: Record<string, unknown>;
  /** The offline payment instructions with this order's reference filled in. */
  instructions: string;
  /** The order's page, with a token that opens it. */
  orderPageUrl: string;
}

const STORE_NAME = 'Handoff store';
const money = (amount: number, currency: string) => `${formatMinor(amount, currency)} ${currency}`;
const day = (d: Date | null) => (d ? new Date(d).toISOString().slice(0, 10) : 'n/a');
const minute = (d: Date) => `${new Date(d).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const percent = (bp: number) => `${(bp / 100).toString()}%`;

/** What every template may use: the order, its lines and totals, the customer. */
function commonView(t: TemplateInput): TemplateView {
  const { order: o } = t;
  const m = (amount: number) => money(amount, o.currency);
  return {
    store_name: STORE_NAME,
    order: {
      number: o.number,
      customer_name: o.customer_name,
      customer_country: o.customer_country,
      offline_reference: o.offline_reference ?? '',
      hold_until: day(o.hold_expires_at),
      placed_on: day(o.created_at),
      paid_on: day(o.paid_at),
      payment_method: o.payment_method,
      contact_me: o.contact_me ? 'yes' : 'no',
    },
    items: t.items.map((i) => ({ quantity: i.quantity, name: i.name, sku: i.sku, unit_amount: m(i.unit_amount), amount: m(i.amount), tax_rate: percent(i.tax_rate_bp) })),
    subtotal: m(o.subtotal),
    tax: m(o.tax),
    total: m(o.total),
    customer: { name: o.customer_name, email: o.customer_email, company: o.customer_company ?? '-', country: o.customer_country, phone: o.customer_phone ?? '-' },
    instructions: t.instructions,
    order_page_url: t.orderPageUrl,
  };
}

const METHOD_NAMES: Record<string, string> = { card: 'Card', bank_transfer: 'Bank transfer', check: 'Cheque', purchase_order: 'Purchase order', other: 'Other' };

/** What each kind adds, from the detail written with the email (amounts, never personal data). */
const KIND_VIEWS: Partial<Record<EmailKind, (t: TemplateInput) => TemplateView>> = {
  payment_received: ({ order: o, detail }) => {
    const { amount, amount_paid: paid } = detail as { amount: number; amount_paid: number };
    // Only for a part payment: the payment that completes the order is confirmed by its receipt.
    return { amount: money(amount, o.currency), paid: money(paid, o.currency), still_due: money(o.total - paid, o.currency) };
  },
  sales_contact_request: ({ detail }) => {
    const { partner_name: partner, failed_partner: failed } = detail as { partner_name?: string; failed_partner?: string | null };
    return {
      referral_failed: failed !== undefined,
      referred: failed === undefined && Boolean(partner),
      no_partner: failed === undefined && !partner,
      partner_name: failed ?? partner ?? '',
    };
  },
  hold_extended: ({ order: o, detail }) => {
    // The end this email is about (stillTrue sends it only while it is the order's end), to the
    // minute: a clerk sets a time of day ("Friday 17:00"), not only a day.
    return { hold_until: minute(new Date(detail.to as string)), still_due: money(o.total - o.amount_paid, o.currency) };
  },
  order_paid: ({ order: o, detail }) => {
    const paidBy = (detail.paid_by ?? []) as Array<{ method: string; amount: number; at: string }>;
    return { paid_by: paidBy.map((p) => ({ method: METHOD_NAMES[p.method] ?? p.method, amount: money(p.amount, o.currency), date: p.at.slice(0, 10) })) };
  },
  refund_issued: ({ order: o, detail }) => {
    const { amount, amount_refunded: refunded } = detail as { amount: number; amount_refunded: number };
    return {
      amount: money(amount, o.currency),
      refunded: money(refunded, o.currency),
      paid: money(o.amount_paid, o.currency),
      in_full: refunded >= o.amount_paid,
      by_card: o.payment_method === 'card',
    };
  },
};

/** Whether an email written earlier is still true when it is sent (the text is rendered then, from
 * the order as it is). A hold extension that a later one replaced, or whose order was paid,
 * cancelled or expired in the meantime, would tell the shopper something no longer so: it is
 * skipped. Every other kind reports something that stays true once it happened. */
const STILL_TRUE: Partial<Record<EmailKind, (order: OrderRow, detail: Record<string, unknown>) => boolean>> = {
  hold_extended: (o, detail) => o.status === 'awaiting_offline_payment' && o.hold_expires_at !== null && new Date(o.hold_expires_at).toISOString() === detail.to,
};
export const stillTrue = (kind: EmailKind, order: OrderRow, detail: Record<string, unknown>): boolean => STILL_TRUE[kind]?.(order, detail) ?? true;

/** Stands in for the customer's phone while the text is checked. PostgreSQL text cannot hold NUL,
 * so no stored value contains it, and its letters end any run of digits around it. */
const PHONE_SLOT = '\u0000phone\u0000';

/** Renders the kind's template files. The last check before an email is written: any card number
 * in it is masked, whatever put it there. The phone is checked as a phone field, so a possible
 * phone number stays whole. */
export function renderEmail(kind: Exclude<EmailKind, DeliveryEmailKind>, input: TemplateInput): EmailContent {
  const phone = input.order.customer_phone;
  const slotted = { ...input, order: { ...input.order, customer_phone: phone === null ? null : PHONE_SLOT } };
  const view = { ...commonView(slotted), ...KIND_VIEWS[kind]?.(slotted) };
  const files = templateFiles(kind);
  const subject = maskCardNumbers(renderTemplate(files.subject, view, 'text'));
  const checkedPhone = phone === null ? '' : maskCardNumbers(phone, 'customer_phone');
  const check = (s: string) => maskCardNumbers(s).replaceAll(PHONE_SLOT, () => checkedPhone);
  const text = check(renderTemplate(files.text, view, 'text'));
  return files.html === undefined ? { subject, text } : { subject, text, html: check(renderTemplate(files.html, { ...view, subject }, 'html')) };
}

/** A delivery email's subject and text from its template file, the view built by the feature that
 * delivered (fulfilment reads what it delivered when the email is sent). Card numbers are masked
 * where the email is sent, as for every delivery email. */
export function renderDeliveryEmail(kind: DeliveryEmailKind, view: TemplateView): EmailContent {
  const files = templateFiles(kind);
  const full = { store_name: STORE_NAME, ...view };
  return { subject: renderTemplate(files.subject, full, 'text'), text: renderTemplate(files.text, full, 'text') };
}
