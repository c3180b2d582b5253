import { OFFLINE_REFUND_METHODS, type RefundInput, type RefundQuote } from '../refunds';
import type { StaffOrderDetail } from '../sales-desk';
import { html, type Html } from '../shared/html/html';
import { majorText, money } from './format';
import { selectField } from './fields';
import { csrfField, page } from './layout';
import type { ConsoleSession } from './sessions.service';

const METHOD_LABEL: Record<string, string> = { bank_transfer: 'Bank transfer', check: 'Check', other: 'Other' };

/** The notices the order page shows after a refund (its `?done=` codes). */
export const REFUND_NOTICES: Record<string, string> = {
  refunded: 'Refund made.',
  'refund-replayed': 'That refund was already made (the form was sent twice); nothing more was refunded.',
  'refund-running': 'That refund is being made (the form was sent twice); reload in a moment to see it.',
};

/** The order page's refund form (finance only), for an order that holds money. It only collects
 * the request: what is left to refund is shown, from the refunds service, on the next page. */
export function refundSection(o: StaffOrderDetail, s: ConsoleSession): Html | '' {
  if (!s.staff.roles.includes('finance') || o.amount_paid <= o.amount_refunded) return '';
  return html`<section aria-labelledby="s-refund">
    <h2 id="s-refund">Refund</h2>
    <form method="post" action="/console/finance/orders/${o.id}/refunds/review">
      ${csrfField(s)}
      <p>
        <label for="refund-amount">Amount to refund (${o.currency})</label><br /><input
          id="refund-amount"
          name="amount"
          required
          inputmode="decimal"
          aria-describedby="refund-amount-help"
        /><br /><small id="refund-amount-help">You will see what is left to refund, and confirm, before anything is refunded.</small>
      </p>
      <p><label for="refund-reason">Reason (optional)</label><br /><input id="refund-reason" name="reason" maxlength="500" /></p>
      ${o.payment_method === 'sales' ? moneyBackFields() : ''}
      <p><button type="submit">Review refund</button></p>
    </form>
  </section>`;
}

/** Pay-via-sales money goes back outside the system: staff say how (card refunds take neither). */
const moneyBackFields = () =>
  html`${selectField(
      'refund-method',
      'method',
      'Sent back by',
      OFFLINE_REFUND_METHODS.map((m): [string, string] => [m, METHOD_LABEL[m] ?? m]),
    )}
    <p><label for="refund-reference">Transfer or cheque reference</label><br /><input id="refund-reference" name="reference" required maxlength="200" /></p>`;

export interface RefundScreen {
  session: ConsoleSession;
  quote: RefundQuote;
  input: RefundInput;
  /** The Idempotency-Key of this confirmation: sent twice, the form refunds once. */
  key: string;
}

/** The confirmation step: what is left to refund now, what this refund takes, what stays. */
export function refundReviewPage(screen: RefundScreen): string {
  const { session, quote, input } = screen;
  const { order } = quote;
  const m = (amount: number) => money(amount, order.currency);
  return page({
    title: `Confirm refund on order ${order.number}`,
    session,
    section: 'Sales',
    body: html`<dl>
        <dt>Paid</dt>
        <dd>${m(order.amount_paid)}</dd>
        <dt>Refunded so far</dt>
        <dd>${m(order.amount_refunded)}</dd>
        ${
          quote.pending
            ? html`<dt>Refunds pending</dt>
                <dd>${m(quote.pending)}</dd>`
            : ''
        }
        <dt>Left to refund</dt>
        <dd id="refundable">${m(quote.refundable)}</dd>
        <dt>This refund</dt>
        <dd id="refund-amount"><strong>${m(input.amount)}</strong></dd>
        <dt>Left after this refund</dt>
        <dd>${m(quote.refundable - input.amount)}</dd>
        <dt>Money goes back</dt>
        <dd>${input.method ? `${METHOD_LABEL[input.method]}, reference ${input.reference ?? ''}` : 'To the card, through the payment processor'}</dd>
        <dt>Reason</dt>
        <dd>${input.reason ?? '—'}</dd>
      </dl>
      ${confirmForm(screen, `Refund ${m(input.amount)}`, 'Cancel')}`,
  });
}

/** The processor did not answer: the refund is written and pending, so its amount is spent; the
 * sweep completes it, or the same form (same key) again, now. Never a second refund. */
export function refundPendingPage(screen: RefundScreen): string {
  const { session, quote, input } = screen;
  const { order } = quote;
  return page({
    title: 'Refund pending',
    session,
    section: 'Sales',
    body: html`<div role="alert">
        <p>
          The payment processor did not answer. The refund of ${money(input.amount, order.currency)} on order ${order.number} is recorded as pending: it will be completed
          automatically within about ten minutes, or now if you try again. It will not be refunded twice.
        </p>
      </div>
      ${confirmForm(screen, 'Try again now', 'Back to the order')}`,
  });
}

function confirmForm({ session, quote: { order }, input, key }: RefundScreen, button: string, back: string): Html {
  const hidden = (name: string, value: string | undefined) => (value === undefined ? '' : html`<input type="hidden" name="${name}" value="${value}" />`);
  return html`<form method="post" action="/console/finance/orders/${order.id}/refunds">
    ${csrfField(session)}${hidden('key', key)}${hidden('amount', majorText(input.amount, order.currency))}${hidden(
      'reason',
      input.reason,
    )}${hidden('method', input.method)}${hidden('reference', input.reference)}
    <p><button type="submit" class="danger">${button}</button> <a href="/console/sales/orders/${order.id}">${back}</a></p>
  </form>`;
}
