import { ORDER_STATUSES } from '../orders';
import { html, type Html } from '../shared/html/html';
import { STATUS_LABEL } from './format';
import { page } from './layout';
import type { ConsoleSession } from './sessions.service';

const EXPORTS = [
  { kind: 'orders', title: 'Orders', what: 'one row per order: amounts, refunds, references, partner' },
  { kind: 'order-lines', title: 'Order lines', what: 'one row per order line: sku, quantity, unit amount, tax (revenue by product)' },
] as const;

/** The downloads: a GET form per export with the export's own filters; the file streams from the
 * same code as the API's CSV routes, so the two never differ. */
export function financePage(session: ConsoleSession): string {
  return page({ title: 'Finance downloads', session, section: 'Finance', body: html`${EXPORTS.map((e) => exportForm(e.kind, e.title, e.what))}` });
}

function exportForm(kind: string, title: string, what: string): Html {
  const id = (f: string) => `${kind}-${f}`;
  return html`<section aria-labelledby="${id('h')}">
    <h2 id="${id('h')}">${title} (CSV)</h2>
    <p>${what}. Dates are days in the chosen time zone; times in the file are UTC.</p>
    <form method="get" action="/console/finance/${kind}.csv" class="filters">
      <p><label for="${id('from')}">From</label><br /><input id="${id('from')}" name="from" type="date" /></p>
      <p><label for="${id('to')}">To</label><br /><input id="${id('to')}" name="to" type="date" /></p>
      <p>
        <label for="${id('date_field')}">Dates apply to</label><br /><select id="${id('date_field')}" name="date_field">
          <option value="created">Order placed</option>
          <option value="paid">Payment received</option>
        </select>
      </p>
      <p><label for="${id('tz')}">Time zone</label><br /><input id="${id('tz')}" name="tz" value="UTC" maxlength="64" /></p>
      <p>
        <label for="${id('status')}">Status</label><br /><select id="${id('status')}" name="status">
          <option value="">Any</option>
          ${ORDER_STATUSES.map((s) => html`<option value="${s}">${STATUS_LABEL[s]}</option>`)}
        </select>
      </p>
      <p>
        <label for="${id('method')}">Paid by</label><br /><select id="${id('method')}" name="payment_method">
          <option value="">Any</option>
          <option value="card">Card</option>
          <option value="sales">Via sales</option>
        </select>
      </p>
      <p>
        <label for="${id('currency')}">Currency</label><br /><input
          id="${id('currency')}"
          name="currency"
          maxlength="3"
          size="4"
          pattern="[A-Z]{3}"
          aria-describedby="${id('cur-help')}"
        /><br /><small id="${id('cur-help')}">ISO code such as EUR; empty for all</small>
      </p>
      <p><input type="checkbox" id="${id('bom')}" name="bom" value="1" /> <label for="${id('bom')}">For spreadsheet programs (byte-order mark)</label></p>
      <p><button type="submit">Download ${title.toLowerCase()}</button></p>
    </form>
  </section>`;
}
