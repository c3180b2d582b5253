import { OFFLINE_PAYMENT_METHODS, type StaffOrderDetail } from '../sales-desk';
import { html, type Html } from '../shared/html/html';
import { majorText, money, STATUS_LABEL, when } from './format';
import { csrfField, page } from './layout';
import { refundSection } from './refund.views';
import { documentsSection, type OrderDocument } from './documents.views';
import { flagSection, historyNote, holdSection } from './order-follow-up.views';
import type { ConsoleSession } from './sessions.service';

/** One part of an order's page. Capabilities that land later (delivery, invoices) add theirs to
 * ORDER_SECTIONS; each section decides for itself whether it has anything to show. */
export type OrderSection = (o: StaffOrderDetail, session: ConsoleSession) => Html | '';

const METHOD_LABEL: Record<string, string> = { bank_transfer: 'Bank transfer', check: 'Check', purchase_order: 'Purchase order', other: 'Other' };
const can = (s: ConsoleSession, role: string) => s.staff.roles.some((r) => r === role);

const summary: OrderSection = (o) =>
  html`<section aria-labelledby="s-summary">
    <h2 id="s-summary">Summary</h2>
    <dl>
      <dt>Status</dt>
      <dd id="order-status" data-status="${o.status}">${STATUS_LABEL[o.status]}</dd>
      <dt>Total</dt>
      <dd>${money(o.total, o.currency)} (subtotal ${money(o.subtotal, o.currency)}, tax ${money(o.tax, o.currency)})</dd>
      <dt>Paid</dt>
      <dd>${money(o.amount_paid, o.currency)}</dd>
      <dt>Outstanding</dt>
      <dd id="outstanding">${money(o.outstanding, o.currency)}</dd>
      ${
        o.amount_refunded
          ? html`<dt>Refunded</dt>
              <dd>${money(o.amount_refunded, o.currency)}</dd>`
          : ''
      }
      <dt>Payment</dt>
      <dd>${o.payment_method === 'sales' ? 'Via sales' : 'Card'}${o.offline_reference ? html`, reference <strong>${o.offline_reference}</strong>` : ''}</dd>
      <dt>Placed</dt>
      <dd>${when(o.created_at)} UTC</dd>
      ${
        o.hold_expires_at
          ? html`<dt>Hold ends</dt>
              <dd>${when(o.hold_expires_at)} UTC</dd>`
          : ''
      }
    </dl>
  </section>`;

const recordPayment: OrderSection = (o, s) =>
  can(s, 'sales') && o.status === 'awaiting_offline_payment'
    ? html`<section aria-labelledby="s-pay">
        <h2 id="s-pay">Record a payment</h2>
        <form method="post" action="/console/sales/orders/${o.id}/payments">
          ${csrfField(s)}
          <p>
            <label for="amount">Amount (${o.currency})</label><br /><input
              id="amount"
              name="amount"
              required
              inputmode="decimal"
              value="${majorText(o.outstanding, o.currency)}"
              aria-describedby="amount-help"
            /><br /><small id="amount-help">Outstanding: ${money(o.outstanding, o.currency)}. Partial payments add up.</small>
          </p>
          <p>
            <label for="method">Received by</label><br /><select id="method" name="method">
              ${OFFLINE_PAYMENT_METHODS.map((m) => html`<option value="${m}">${METHOD_LABEL[m]}</option>`)}
            </select>
          </p>
          <p><label for="reference">Their reference</label><br /><input id="reference" name="reference" required maxlength="200" /></p>
          <p><button type="submit">Record payment</button></p>
        </form>
        <form method="post" action="/console/sales/orders/${o.id}/cancel">
          ${csrfField(s)}
          <h3>Cancel this order</h3>
          <p><label for="reason">Reason (told to no one but the history)</label><br /><input id="reason" name="reason" maxlength="500" /></p>
          <p><button type="submit" class="danger">Cancel order</button></p>
        </form>
      </section>`
    : '';

const items: OrderSection = (o) =>
  html`<section aria-labelledby="s-items">
    <h2 id="s-items">Items</h2>
    <table>
      <thead>
        <tr>
          <th scope="col">Item</th>
          <th scope="col">SKU</th>
          <th scope="col">Qty</th>
          <th scope="col">Unit price</th>
          <th scope="col">Amount</th>
        </tr>
      </thead>
      <tbody>
        ${o.items.map(
          (i) =>
            html`<tr>
              <td>${i.name}</td>
              <td>${i.sku}</td>
              <td class="num">${i.quantity}</td>
              <td class="num">${money(i.unit_amount, o.currency)}</td>
              <td class="num">${money(i.amount, o.currency)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </section>`;

const customer: OrderSection = (o) =>
  html`<section aria-labelledby="s-customer">
    <h2 id="s-customer">Customer</h2>
    <dl>
      <dt>Name</dt>
      <dd>${o.customer.name}</dd>
      <dt>Email</dt>
      <dd>${o.customer.email}</dd>
      <dt>Company</dt>
      <dd>${o.customer.company ?? '—'}</dd>
      <dt>Country</dt>
      <dd>${o.customer.country}</dd>
      <dt>Phone</dt>
      <dd>${o.customer.phone ?? '—'}</dd>
      <dt>Contact requested</dt>
      <dd>${o.contact_request ? html`${o.contact_request.status}${o.contact_request.partner ? html`, partner ${o.contact_request.partner.name}` : ''}` : 'No'}</dd>
    </dl>
  </section>`;

const payments: OrderSection = (o) =>
  html`<section aria-labelledby="s-payments">
    <h2 id="s-payments">Payments</h2>
    ${
      o.payments.length
        ? html`<table>
            <thead>
              <tr>
                <th scope="col">When (UTC)</th>
                <th scope="col">Amount</th>
                <th scope="col">Method</th>
                <th scope="col">Reference</th>
                <th scope="col">Recorded by</th>
              </tr>
            </thead>
            <tbody>
              ${o.payments.map(
                (p) =>
                  html`<tr>
                    <td>${when(p.created_at)}</td>
                    <td class="num">${money(p.amount, p.currency)}</td>
                    <td>${METHOD_LABEL[p.method] ?? p.method}</td>
                    <td>${p.reference ?? p.processor_payment_intent ?? '—'}</td>
                    <td>${p.recorded_by}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
        : html`<p>None yet.</p>`
    }
  </section>`;

const refunds: OrderSection = (o) =>
  o.refunds.length
    ? html`<section aria-labelledby="s-refunds">
        <h2 id="s-refunds">Refunds</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">When (UTC)</th>
              <th scope="col">Amount</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
            </tr>
          </thead>
          <tbody>
            ${o.refunds.map(
              (r) =>
                html`<tr>
                  <td>${when(r.created_at)}</td>
                  <td class="num">${money(r.amount, r.currency)}</td>
                  <td>${r.status}</td>
                  <td>${r.reason ?? '—'}</td>
                  <td>${r.requested_by}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`
    : '';

const history: OrderSection = (o) =>
  html`<section aria-labelledby="s-history">
    <h2 id="s-history">History</h2>
    <ol class="history">
      ${o.history.map(
        (h) =>
          html`<li>
            <time datetime="${h.at}">${when(h.at)}</time> ${h.event}${h.to_status ? html` → ${STATUS_LABEL[h.to_status] ?? h.to_status}` : ''}${historyNote(h)}
            <small>(${h.actor})</small>
          </li>`,
      )}
    </ol>
  </section>`;

export const ORDER_SECTIONS: OrderSection[] = [summary, flagSection, recordPayment, holdSection, items, customer, payments, refunds, refundSection, history];

export function orderPage(o: StaffOrderDetail, session: ConsoleSession, notice: Html | '', documents: readonly OrderDocument[]): string {
  return page({
    title: `Order ${o.number}`,
    session,
    section: 'Sales',
    body: html`<p><a href="/console/sales">Back to the queue</a></p>
      ${notice}${ORDER_SECTIONS.map((s) => s(o, session))}${documentsSection(o.id, documents)}`,
  });
}
