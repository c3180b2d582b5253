import { MAX_HOLD_DAYS, type StaffOrderDetail } from '../sales-desk';
import { html, type Html } from '../shared/html/html';
import { when } from './format';
import { csrfField } from './layout';
import type { ConsoleSession } from './sessions.service';

/** The order page's follow-up sections for sales: the flag (and clearing it with a note) and the
 * hold (and moving it later). Finance sees the flag and the hold end, never the forms. */

const DAY_MS = 86_400_000;
const sales = (s: ConsoleSession) => s.staff.roles.includes('sales');

/** What each flag means, for the clerk who has to act on it; the code stays beside it. */
const REASON_TEXT: Record<string, string> = {
  offline_hold_expired_partly_paid: 'The hold ran out with part of the money received, so the order was kept, not expired.',
  amount_mismatch: 'The processor reported another amount than the order’s total.',
  order_mismatch: 'The processor’s payment does not match this order.',
  duplicate_payment: 'A second card payment arrived for an order already paid; it is being refunded.',
  payment_for_closed_order: 'A card payment arrived after the order closed; it is being refunded.',
  dispute: 'The card payment is disputed.',
  dispute_lost: 'The card dispute was lost.',
};

/** A moment as a datetime-local field reads and writes it: minutes, UTC (the label says so). */
const utcMinute = (d: Date) => d.toISOString().slice(0, 16);

export function flagSection(o: StaffOrderDetail, s: ConsoleSession): Html | '' {
  if (!o.needs_attention) return '';
  const reason = o.attention_reason;
  return html`<section aria-labelledby="s-flags">
    <h2 id="s-flags">Needs attention</h2>
    <p id="flag-reason">${reason ? html`${REASON_TEXT[reason] ?? 'Flagged for a person.'} <small>(<code>${reason}</code>)</small>` : 'Flagged for a person.'}</p>
    ${
      sales(s)
        ? html`<form method="post" action="/console/sales/orders/${o.id}/clear-flag">
            ${csrfField(s)}
            <p>
              <label for="note">What was done about it</label><br /><input id="note" name="note" required maxlength="500" aria-describedby="flag-reason note-help" /><br /><small
                id="note-help"
                >Kept in the order's history with your name. Never a card number.</small
              >
            </p>
            <p><button type="submit">Clear the flag</button></p>
          </form>`
        : ''
    }
  </section>`;
}

export function holdSection(o: StaffOrderDetail, s: ConsoleSession, now = new Date()): Html | '' {
  if (!sales(s) || o.payment_method !== 'sales' || o.status !== 'awaiting_offline_payment') return '';
  const current = o.hold_expires_at === null ? null : new Date(o.hold_expires_at);
  const latest = new Date(now.getTime() + MAX_HOLD_DAYS * DAY_MS);
  // A week on from the current end (or from now, if it has passed), never beyond what is allowed.
  const from = current && current > now ? current : now;
  const proposed = new Date(Math.min(from.getTime() + 7 * DAY_MS, latest.getTime()));
  return html`<section aria-labelledby="s-hold">
    <h2 id="s-hold">Extend the hold</h2>
    <p id="hold-now">The seats are held until <strong id="hold-ends">${current ? `${when(current)} UTC` : 'no end set'}</strong>${current && current <= now ? ' (passed)' : ''}.</p>
    <form method="post" action="/console/sales/orders/${o.id}/hold">
      ${csrfField(s)}
      <p>
        <label for="hold_expires_at">New hold end (UTC)</label><br /><input
          id="hold_expires_at"
          name="hold_expires_at"
          type="datetime-local"
          required
          value="${utcMinute(proposed)}"
          max="${utcMinute(latest)}"
          aria-describedby="hold-now hold-help"
        /><br /><small id="hold-help">Later than the current end, at most ${MAX_HOLD_DAYS} days from now. The shopper is emailed the new end.</small>
      </p>
      <p><button type="submit">Extend hold</button></p>
    </form>
  </section>`;
}

/** The words a clerk left with an action (a cleared flag's note), shown in the history beside it. */
export function historyNote(h: StaffOrderDetail['history'][number]): Html | '' {
  const note = (h.detail as { note?: unknown } | null)?.note;
  return typeof note === 'string' ? html`: “${note}”` : '';
}
