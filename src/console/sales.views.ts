import { ORDER_STATUSES } from '../orders';
import type { QueueRequest, StaffOrderView } from '../sales-desk';
import { html, queryString, type Html } from '../shared/html/html';
import { money, STATUS_LABEL, when } from './format';
import { page } from './layout';
import type { ConsoleSession } from './sessions.service';

export interface QueueScreen {
  session: ConsoleSession;
  filter: QueueRequest;
  orders: StaffOrderView[];
  nextCursor: string | null;
}

/** The queue: one search form (a search landmark), then a table of orders with a caption that
 * says what is shown, and a link to the next page that keeps the filters. */
export function queuePage({ session, filter, orders, nextCursor }: QueueScreen): string {
  const next = nextCursor ? html`<p><a href="/console/sales${queryString({ ...filterParams(filter), cursor: nextCursor })}" rel="next">Next page</a></p>` : '';
  const table = orders.length
    ? html`<table>
          <caption>
            Orders, newest first (times in UTC)
          </caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Placed</th>
              <th scope="col">Customer</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Outstanding</th>
              <th scope="col">Reference</th>
              <th scope="col">Flag</th>
            </tr>
          </thead>
          <tbody>
            ${orders.map(row)}
          </tbody>
        </table>
        ${next}`
    : html`<p role="status">No orders match.</p>`;
  return page({ title: 'Sales queue', session, section: 'Sales', body: html`${searchForm(filter)}${table}` });
}

function row(o: StaffOrderView): Html {
  return html`<tr>
    <th scope="row"><a href="/console/sales/orders/${o.id}">${o.number}</a></th>
    <td>${when(o.created_at)}</td>
    <td>${o.customer.name}<br /><small>${o.customer.email}${o.customer.company ? html` · ${o.customer.company}` : ''}</small></td>
    <td>${STATUS_LABEL[o.status]}</td>
    <td class="num">${money(o.total, o.currency)}</td>
    <td class="num">${money(o.outstanding, o.currency)}</td>
    <td>${o.offline_reference ?? '—'}</td>
    <td>${o.needs_attention ? html`<strong>Needs attention</strong>` : '—'}</td>
  </tr>`;
}

function searchForm(f: QueueRequest): Html {
  const option = (value: string, label: string, current: string | undefined) =>
    html`<option value="${value}" ${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<search>
    <form method="get" action="/console/sales" class="filters">
      <p>
        <label for="q">Search</label><br /><input id="q" name="q" type="search" value="${f.q ?? ''}" maxlength="200" aria-describedby="q-help" /> <br /><small id="q-help"
          >Payment reference, order number, email, name or company</small
        >
      </p>
      <p>
        <label for="status">Status</label><br /><select id="status" name="status">
          ${option('', 'Any', f.status)}${ORDER_STATUSES.map((s) => option(s, STATUS_LABEL[s] ?? s, f.status))}
        </select>
      </p>
      <p>
        <label for="payment_method">Paid by</label><br /><select id="payment_method" name="payment_method">
          ${option('', 'Any', f.payment_method)}${option('sales', 'Via sales', f.payment_method)}${option('card', 'Card', f.payment_method)}
        </select>
      </p>
      <p>
        <label for="needs_attention">Flag</label><br /><select id="needs_attention" name="needs_attention">
          ${option('', 'Any', flagText(f.needs_attention))}${option('true', 'Needs attention', flagText(f.needs_attention))}${option('false', 'Not flagged', flagText(f.needs_attention))}
        </select>
      </p>
      <p>
        <label for="older_than_days">Placed at least (days ago)</label><br /><input
          id="older_than_days"
          name="older_than_days"
          type="number"
          min="0"
          max="3650"
          inputmode="numeric"
          value="${f.older_than_days ?? ''}"
        />
      </p>
      <p><button type="submit">Search</button></p>
    </form>
  </search>`;
}

const flagText = (v: boolean | undefined) => (v === undefined ? undefined : String(v));

function filterParams(f: QueueRequest) {
  return {
    q: f.q,
    status: f.status,
    payment_method: f.payment_method,
    needs_attention: flagText(f.needs_attention),
    older_than_days: f.older_than_days,
    limit: f.limit === 25 ? undefined : f.limit,
  };
}
