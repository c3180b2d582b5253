import { html, type Html } from '../shared/html/html';
import { when } from './format';
import { csrfField, page } from './layout';
import type { ConsoleSession } from './sessions.service';

/** What one scan came to, as the door reads it. */
export type ScanOutcome =
  | { result: 'admitted'; code: string; seat_no: number; sku: string }
  | { result: 'already_checked_in'; code: string; checked_in_at: string }
  | { result: 'refused'; reason: string };

/** The door: the last scan's answer in large type, then the one field a handheld scanner types
 * into (it "presses" Enter, which submits). The field comes back empty and focused, so the next
 * ticket can be scanned at once; the token is never echoed back. */
export function doorPage(session: ConsoleSession, outcome?: ScanOutcome): string {
  const body = html`${outcome ? answer(outcome) : ''}
    <form method="post" action="/console/door" class="door">
      ${csrfField(session)}
      <p>
        <label for="token">Scanned ticket code</label><br /><input
          id="token"
          name="token"
          type="text"
          maxlength="4096"
          required
          autofocus
          autocomplete="off"
          autocapitalize="off"
          spellcheck="false"
          aria-describedby="token-help"
        />
        <br /><small id="token-help">Scan the QR code on the ticket, or type its text and press Enter.</small>
      </p>
      <p><button type="submit">Check in</button></p>
    </form>`;
  return page({ title: 'Door', session, section: 'Door', body });
}

/** A refusal is an alert (stop this person); an admission is a status. */
function answer(o: ScanOutcome): Html {
  if (o.result === 'admitted')
    return html`<div role="status" class="scan scan-admitted" data-result="admitted">
      <p class="big">Admitted</p>
      <p>Ticket <strong>${o.code}</strong> · seat <strong>${o.seat_no}</strong> · ${o.sku}</p>
    </div>`;
  if (o.result === 'already_checked_in')
    return html`<div role="alert" class="scan scan-already" data-result="already_checked_in">
      <p class="big">Already checked in at <time datetime="${o.checked_in_at}">${when(o.checked_in_at)} UTC</time></p>
      <p>Ticket <strong>${o.code}</strong> was admitted before: do not admit again.</p>
    </div>`;
  return html`<div role="alert" class="scan scan-refused" data-result="refused">
    <p class="big">Refused</p>
    <p>${o.reason}</p>
  </div>`;
}
