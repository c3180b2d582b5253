import { MERCHANT_EVENT_TYPES, type DeliveryView, type EndpointView } from '../merchant-webhooks';
import { html, queryString, type Html } from '../shared/html/html';
import { when } from './format';
import { csrfField, page } from './layout';
import type { ConsoleSession } from './sessions.service';
import { table } from './table';

type S = ConsoleSession;
const admin = (session: S, title: string, body: Html) => page({ title, session, section: 'Admin', body });
const base = '/console/admin/webhooks';

/** Where the store's signed events go: each endpoint with its state and actions, and the form
 * that adds one (its secret is shown once, on the next page). */
export function endpointsPage(session: S, endpoints: EndpointView[], notice: Html | ''): string {
  return admin(
    session,
    'Webhook endpoints',
    html`${notice}
    ${table({
      caption: 'Endpoints of the merchant’s other systems (times in UTC)',
      rowHeaders: true,
      rows: endpoints,
      empty: 'No endpoints yet.',
      columns: [
        { header: 'URL', cell: (e) => e.url },
        { header: 'Events', cell: (e) => e.event_types.join(', ') },
        { header: 'State', cell: (e) => (e.active ? 'Active' : html`<strong>Disabled</strong>`) },
        { header: 'Added', cell: (e) => when(e.created_at) },
        { header: 'Actions', cell: (e) => actions(session, e) },
      ],
    })}
    ${addForm(session)}`,
  );
}

function actions(session: S, e: EndpointView): Html {
  return html`<a href="${base}/${e.id}/deliveries">Delivery log</a>
    <form method="post" action="${base}/${e.id}/active">
      ${csrfField(session)}<input type="hidden" name="active" value="${e.active ? 'false' : 'true'}" />
      <button type="submit">${e.active ? 'Disable' : 'Enable'}</button>
    </form>
    <a href="${base}/${e.id}/delete">Delete…</a>`;
}

function addForm(session: S): Html {
  const id = (type: string) => `ev-${type.replace(/\./g, '-')}`;
  return html`<section aria-labelledby="add-endpoint">
    <h2 id="add-endpoint">Add an endpoint</h2>
    <form method="post" action="${base}">
      ${csrfField(session)}
      <p>
        <label for="url">URL</label><br /><input id="url" name="url" type="url" required maxlength="2048" size="60" aria-describedby="url-help" /><br /><small id="url-help"
          >https, reachable from this server; events are signed per Standard Webhooks</small
        >
      </p>
      <fieldset>
        <legend>Events to send</legend>
        ${MERCHANT_EVENT_TYPES.map((t) => html`<p><input type="checkbox" id="${id(t)}" name="event_types" value="${t}" checked /> <label for="${id(t)}">${t}</label></p>`)}
      </fieldset>
      <p><input type="checkbox" id="active" name="active" value="yes" checked /> <label for="active">Active: send events from now on</label></p>
      <p><button type="submit">Add endpoint</button></p>
    </form>
  </section>`;
}

/** The secret is in this answer only: it is not stored where a page could show it again. */
export function endpointCreatedPage(session: S, endpoint: EndpointView & { secret: string }): string {
  return admin(
    session,
    'Endpoint added',
    html`<p class="notice" role="status">Events now go to ${endpoint.url}${endpoint.active ? '' : ' once it is enabled'}.</p>
      <p>Its signing secret, <strong>shown this once</strong>: keep it where the receiving system verifies the signatures.</p>
      <p><code id="secret">${endpoint.secret}</code></p>
      <p><a href="${base}">Back to the endpoints</a></p>`,
  );
}

export function deleteEndpointPage(session: S, endpoint: EndpointView): string {
  return admin(
    session,
    'Delete endpoint',
    html`<p>Delete the endpoint <strong>${endpoint.url}</strong>? Its delivery log goes with it, and events still queued for it are not sent.</p>
      <form method="post" action="${base}/${endpoint.id}/delete">
        ${csrfField(session)}
        <p><button type="submit" class="danger">Delete endpoint</button> <a href="${base}">Cancel</a></p>
      </form>`,
  );
}

export interface DeliveriesScreen {
  session: S;
  endpoint: EndpointView;
  deliveries: DeliveryView[];
  nextCursor: string | null;
  notice: Html | '';
}

/** Each delivery with its attempts, newest first; one that has finished can be sent again. */
export function deliveriesPage({ session, endpoint, deliveries, nextCursor, notice }: DeliveriesScreen): string {
  const next = nextCursor === null ? '' : html`<p><a rel="next" href="${base}/${endpoint.id}/deliveries${queryString({ cursor: nextCursor })}">Older deliveries</a></p>`;
  return admin(
    session,
    'Delivery log',
    html`${notice}
      <p>Deliveries to <strong>${endpoint.url}</strong>. <a href="${base}">Back to the endpoints</a></p>
      ${table({
        caption: 'Deliveries, newest first (times in UTC)',
        rows: deliveries,
        empty: 'Nothing delivered yet.',
        columns: [
          { header: 'Event', cell: (d) => html`${d.event_type}<br /><small>${d.event_id}</small>` },
          { header: 'Queued', cell: (d) => when(d.created_at) },
          { header: 'Status', cell: (d) => d.status },
          { header: 'Attempts', cell: (d) => attempts(d) },
          { header: 'Sent again', num: true, cell: (d) => d.redeliveries },
          { header: 'Delivered', cell: (d) => when(d.delivered_at) },
          { header: 'Action', cell: (d) => (d.status === 'pending' ? 'Being attempted' : redeliverForm(session, endpoint, d)) },
        ],
      })}
      ${next}`,
  );
}

function attempts(d: DeliveryView): Html | string {
  const last = d.attempts.at(-1);
  if (!last) return 'None yet';
  return html`${d.attempts.length}; last ${when(last.at)}: ${last.status_code ?? last.error ?? '—'}`;
}

const redeliverForm = (session: S, endpoint: EndpointView, d: DeliveryView) =>
  html`<form method="post" action="${base}/${endpoint.id}/deliveries/${d.id}/redeliver">${csrfField(session)}<button type="submit">Redeliver</button></form>`;
