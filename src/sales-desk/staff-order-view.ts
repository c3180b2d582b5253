import { isAwaitingPayment, toOrderView, type OrderItemRow, type OrderRow } from '../orders';
import type { ContactRequestWithPartner, DisclosureWithPartner } from '../partners';
import type { PaymentRow } from '../payments';
import type { RefundRow } from '../refunds';
import type { StaffOrderDetail, StaffOrderView } from './sales-desk.schemas';
import { iso } from '../shared/time';

/** What staff see of an order: the shopper's view plus the customer, the hold and the flags. */
export function toStaffOrderView(o: OrderRow, items: OrderItemRow[]): StaffOrderView {
  return {
    ...toOrderView(o, items),
    // Nothing is due on an order that can no longer be paid (cancelled, expired) or is paid.
    outstanding: isAwaitingPayment(o.status) ? o.total - o.amount_paid : 0,
    offline_reference: o.offline_reference,
    hold_expires_at: iso(o.hold_expires_at),
    closed_at: iso(o.closed_at),
    contact_me: o.contact_me,
    needs_attention: o.needs_attention,
    attention_reason: o.attention_reason,
    customer: { name: o.customer_name, email: o.customer_email, company: o.customer_company, country: o.customer_country, phone: o.customer_phone },
  };
}

export interface OrderRecords {
  payments: PaymentRow[];
  refunds: RefundRow[];
  contactRequest: ContactRequestWithPartner | undefined;
  disclosures: DisclosureWithPartner[];
  history: Array<{ at: Date; actor: string; event: string; from_status: string | null; to_status: string | null; detail: unknown }>;
}

export function toStaffOrderDetail(view: StaffOrderView, r: OrderRecords): StaffOrderDetail {
  const cr = r.contactRequest;
  return {
    ...view,
    payments: r.payments.map((p) => ({
      id: p.id,
      amount: p.amount,
      currency: p.currency,
      method: p.method,
      reference: p.reference,
      processor_payment_intent: p.processor_payment_intent,
      recorded_by: p.recorded_by,
      created_at: iso(p.created_at),
    })),
    refunds: r.refunds.map((f) => ({
      id: f.id,
      amount: f.amount,
      currency: f.currency,
      reason: f.reason,
      method: f.method,
      status: f.status,
      requested_by: f.requested_by,
      created_at: iso(f.created_at),
      settled_at: iso(f.settled_at),
    })),
    contact_request: cr
      ? { status: cr.status, partner: cr.partner_id ? { id: cr.partner_id, name: cr.partner_name ?? '' } : null, created_at: iso(cr.created_at), referred_at: iso(cr.referred_at) }
      : null,
    disclosures: r.disclosures.map((d) => ({
      partner: { id: d.partner_id, name: d.partner_name },
      fields: d.fields,
      reason: d.reason,
      jti: d.jti,
      disclosed_at: iso(d.disclosed_at),
      attempts: d.attempts,
      acknowledged_at: iso(d.acknowledged_at),
    })),
    history: r.history.map((h) => ({ at: iso(h.at), actor: h.actor, event: h.event, from_status: h.from_status, to_status: h.to_status, detail: h.detail })),
  };
}
