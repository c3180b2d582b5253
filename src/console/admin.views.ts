import type { ProductWithPrices } from '../catalog';
import type { OrderRow } from '../orders';
import { html, queryString, type Html } from '../shared/html/html';
import { money, STATUS_LABEL, when } from './format';
import { csrfField, page } from './layout';
import type { ConsoleSession } from './sessions.service';
import { table } from './table';

type S = ConsoleSession;
const admin = (session: S, title: string, body: Html) => page({ title, session, section: 'Admin', body });

export function adminHome(session: S): string {
  const links = [
    ['/console/admin/products', 'Products (active and retired)'],
    ['/console/admin/tax-rates', 'Tax rates'],
    ['/console/admin/partners', 'Reseller partners'],
    ['/console/admin/webhooks', 'Webhook endpoints and their delivery log'],
    ['/console/admin/privacy', 'Privacy requests: subject export, erasure'],
    ['/console/admin/audit', 'Audit log'],
  ].map(([href, label]) => html`<li><a href="${href}">${label}</a></li>`);
  return admin(
    session,
    'Admin',
    html`<ul>
      ${links}
    </ul>`,
  );
}

export function productsPage(session: S, products: ProductWithPrices[]): string {
  return admin(
    session,
    'Products',
    html`<p>Changes go through <code>POST/PATCH /api/admin/products</code> for now.</p>
      ${table({
        caption: 'Every product, retired ones included',
        rowHeaders: true,
        rows: products,
        columns: [
          { header: 'SKU', cell: (p) => p.sku },
          { header: 'Name', cell: (p) => p.name },
          { header: 'Kind', cell: (p) => p.kind },
          { header: 'State', cell: (p) => (p.active ? 'Active' : html`<strong>Retired</strong>`) },
          { header: 'Prices', cell: (p) => html`${Object.entries(p.prices).map(([c, a]) => html`${money(a, c)}<br />`)}` },
          { header: 'Seats left', num: true, cell: (p) => (p.capacity === null ? '—' : `${p.capacity - p.seats_taken} of ${p.capacity}`) },
        ],
      })}`,
  );
}

export function partnersPage(session: S, partners: Array<{ name: string; countries: string[]; referral_url: string; active: boolean }>): string {
  return admin(
    session,
    'Partners',
    table({
      caption: 'Reseller partners',
      rowHeaders: true,
      rows: partners,
      empty: 'No partners yet.',
      columns: [
        { header: 'Name', cell: (p) => p.name },
        { header: 'Countries', cell: (p) => p.countries.join(', ') },
        { header: 'Referral URL', cell: (p) => p.referral_url },
        { header: 'State', cell: (p) => (p.active ? 'Active' : 'Inactive') },
      ],
    }),
  );
}

const emailField = (id: string, value = '') =>
  html`<p>
    <label for="${id}">The person's email address</label><br /><input id="${id}" name="email" type="email" required maxlength="254" autocomplete="off" value="${value}" />
  </p>`;

export function privacyPage(session: S): string {
  return admin(
    session,
    'Privacy requests',
    html`<section aria-labelledby="p-access">
        <h2 id="p-access">Subject access: everything held about a person</h2>
        <form method="post" action="/console/admin/privacy/subject.json">
          ${csrfField(session)}${emailField('access-email')}
          <p><button type="submit">Download as JSON</button></p>
        </form>
      </section>
      <section aria-labelledby="p-erase">
        <h2 id="p-erase">Erasure</h2>
        <p>You will see what will be pseudonymised before anything changes.</p>
        <form method="post" action="/console/admin/privacy/erasure/preview">
          ${csrfField(session)}${emailField('erase-email')}
          <p><button type="submit">Review erasure</button></p>
        </form>
      </section>`,
  );
}

/** The confirmation step: names every order and field that will change, and what is kept. */
export function erasurePreview(session: S, email: string, orders: OrderRow[]): string {
  const list = orders.length
    ? html`<ul>
        ${orders.map((o) => html`<li>Order ${o.number} (${STATUS_LABEL[o.status]}, ${money(o.total, o.currency)}, ${when(o.created_at)} UTC)</li>`)}
      </ul>`
    : html`<p>No orders carry this address.</p>`;
  return admin(
    session,
    'Confirm erasure',
    html`<p>Erasing <strong>${email}</strong> pseudonymises, in one step that cannot be undone:</p>
      <ul>
        <li>on ${orders.length} order${orders.length === 1 ? '' : 's'}: the customer's <strong>name, email, company and phone</strong>, and notes in their history;</li>
        <li>their marketing consents (email replaced, consent withdrawn).</li>
      </ul>
      ${list}
      <p>Kept for the books: amounts, dates, order numbers and country.</p>
      <form method="post" action="/console/admin/privacy/erasure">
        ${csrfField(session)}<input type="hidden" name="email" value="${email}" />
        <p><input type="checkbox" id="confirm" name="confirm" value="yes" required /> <label for="confirm">I confirm that ${email} asked to be erased</label></p>
        <p><button type="submit" class="danger">Erase this person</button> <a href="/console/admin/privacy">Cancel</a></p>
      </form>`,
  );
}

export function erasureDone(session: S, counts: Record<string, number>): string {
  const items = Object.entries(counts).map(([k, v]) => html`<li>${k.replace(/_/g, ' ')}: ${v}</li>`);
  return admin(
    session,
    'Erased',
    html`<p class="notice" role="status">The person's data is pseudonymised.</p>
      <ul>
        ${items}
      </ul>
      <p><a href="/console/admin/privacy">Back to privacy requests</a></p>`,
  );
}

export interface AuditRow {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string | null;
}

export function auditPage(session: S, rows: AuditRow[], nextCursor: string | null): string {
  const next = nextCursor === null ? '' : html`<p><a rel="next" href="/console/admin/audit${queryString({ cursor: nextCursor })}">Older entries</a></p>`;
  return admin(
    session,
    'Audit log',
    html`${table({
      caption: 'Staff and system actions, newest first (times in UTC)',
      rows,
      columns: [
        { header: 'When', cell: (r) => when(r.at) },
        { header: 'Who', cell: (r) => r.actor },
        { header: 'What', cell: (r) => r.action },
        { header: 'About', cell: (r) => html`${r.subject_type}${r.subject_id ? html` ${r.subject_id}` : ''}` },
      ],
    })}
    ${next}`,
  );
}
