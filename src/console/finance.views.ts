import type { CurrencySummary, SummaryFilters, SummaryResponse } from '../finance';
import { ORDER_STATUSES } from '../orders';
import { html, type Html } from '../shared/html/html';
import { money, percent, STATUS_LABEL } from './format';
import { codeField, field, selectField } from './fields';
import { page } from './layout';
import type { ConsoleSession } from './sessions.service';
import { table } from './table';

/** Each export with the filters its API route takes: the order exports filter orders; the refunds
 * and invoices exports take a period and a currency only (their query schemas refuse the rest). */
const EXPORTS = [
  { kind: 'orders', title: 'Orders', orderFilters: true, what: 'One row per order: amounts, refunds, references, partner', dated: 'the order was placed or paid' },
  {
    kind: 'order-lines',
    title: 'Order lines',
    orderFilters: true,
    what: 'One row per order line: sku, quantity, unit amount, tax (revenue by product)',
    dated: 'the order was placed or paid',
  },
  { kind: 'refunds', title: 'Refunds', orderFilters: false, what: 'One row per succeeded refund, with its credit note', dated: 'the refund succeeded' },
  {
    kind: 'invoices',
    title: 'Invoices',
    orderFilters: false,
    what: 'One row per invoice or credit note issued (no pro-formas): net, tax, gross, and tax per country and rate',
    dated: 'the document was issued',
  },
] as const;
type ExportEntry = (typeof EXPORTS)[number];

const finance = (session: ConsoleSession, title: string, body: Html) => page({ title, session, section: 'Finance', body });

/** The downloads: a GET form per export with the export's own filters; the file streams from the
 * same code as the API's CSV routes, so the two never differ. */
export function financePage(session: ConsoleSession): string {
  return finance(
    session,
    'Finance downloads',
    html`<p><a href="/console/finance/summary">Period summary</a>: gross sales, tax, refunds and net per currency.</p>
      ${EXPORTS.map(exportForm)}`,
  );
}

/** The period and currency every export and the summary take; `values` fills them back in. */
function periodFields(prefix: string, values: Partial<SummaryFilters> = {}): Html {
  const id = (f: string) => `${prefix}-${f}`;
  return html`${field(id('from'), 'From', html`<input id="${id('from')}" name="from" type="date" value="${values.from ?? ''}" />`)}
  ${field(id('to'), 'To', html`<input id="${id('to')}" name="to" type="date" value="${values.to ?? ''}" />`)}
  ${field(id('tz'), 'Time zone', html`<input id="${id('tz')}" name="tz" value="${values.tz ?? 'UTC'}" maxlength="64" />`)}
  ${codeField({ id: id('currency'), name: 'currency', label: 'Currency', length: 3, help: 'ISO code such as EUR; empty for all', value: values.currency })}`;
}

function orderFields(prefix: string): Html {
  const id = (f: string) => `${prefix}-${f}`;
  const statuses = ORDER_STATUSES.map((st): [string, string] => [st, STATUS_LABEL[st] ?? st]);
  return html`${selectField(id('date_field'), 'date_field', 'Dates apply to', [
    ['created', 'Order placed'],
    ['paid', 'Payment received'],
  ])}
  ${selectField(id('status'), 'status', 'Status', [['', 'Any'], ...statuses])}
  ${selectField(id('method'), 'payment_method', 'Paid by', [
    ['', 'Any'],
    ['card', 'Card'],
    ['sales', 'Via sales'],
  ])}`;
}

function exportForm(e: ExportEntry): Html {
  const id = (f: string) => `${e.kind}-${f}`;
  return html`<section aria-labelledby="${id('h')}">
    <h2 id="${id('h')}">${e.title} (CSV)</h2>
    <p>${e.what}. Dates are days in the chosen time zone, on which ${e.dated}; times in the file are UTC.</p>
    <form method="get" action="/console/finance/${e.kind}.csv" class="filters">
      ${periodFields(e.kind)} ${e.orderFilters ? orderFields(e.kind) : ''}
      <p><input type="checkbox" id="${id('bom')}" name="bom" value="1" /> <label for="${id('bom')}">For spreadsheet programs (byte-order mark)</label></p>
      <p><button type="submit">Download ${e.title.toLowerCase()}</button></p>
    </form>
  </section>`;
}

/** The period summary: the form, then (once asked) one section per currency. The figures are the
 * service's, which are the sums of the invoices and refunds exports for the same filters. */
export function summaryPage(session: ConsoleSession, filters: Partial<SummaryFilters>, summary: SummaryResponse | undefined): string {
  const results =
    summary === undefined
      ? ''
      : summary.currencies.length === 0
        ? html`<p role="status">No invoice, credit note or refund in this period.</p>`
        : summary.currencies.map(currencySection);
  return finance(
    session,
    'Period summary',
    html`<p><a href="/console/finance">Back to the downloads</a></p>
      <search>
        <form method="get" action="/console/finance/summary" class="filters">
          ${periodFields('summary', filters)}
          <p><button type="submit">Show summary</button></p>
        </form>
      </search>
      ${results}`,
  );
}

function currencySection(c: CurrencySummary): Html {
  const m = (amount: number) => money(amount, c.currency);
  const docs = [
    { what: 'Invoices', ...c.invoices },
    { what: 'Credit notes', ...c.credit_notes },
  ];
  return html`<section aria-labelledby="sum-${c.currency}">
    <h2 id="sum-${c.currency}">${c.currency}</h2>
    <dl>
      <dt>Gross sales</dt>
      <dd>${m(c.gross_sales)}</dd>
      <dt>Refunded (credit notes)</dt>
      <dd>${m(c.refunded)}</dd>
      <dt>Net</dt>
      <dd id="net-${c.currency}">${m(c.net)}</dd>
      <dt>Tax due</dt>
      <dd>${m(c.tax_due)}</dd>
      <dt>Refunds paid out</dt>
      <dd>${c.refunds.count} for ${m(c.refunds.amount)}</dd>
    </dl>
    ${table({
      caption: `Documents in ${c.currency}`,
      rowHeaders: true,
      rows: docs,
      columns: [
        { header: 'Kind', cell: (d) => d.what },
        { header: 'Count', num: true, cell: (d) => d.count },
        { header: 'Net', num: true, cell: (d) => m(d.net) },
        { header: 'Tax', num: true, cell: (d) => m(d.tax) },
        { header: 'Gross', num: true, cell: (d) => m(d.gross) },
      ],
    })}
    ${table({
      caption: `Invoiced tax in ${c.currency} by country and rate`,
      rows: c.tax_by_rate,
      empty: 'No tax on the invoices of this period.',
      columns: [
        { header: 'Country', cell: (r) => r.country ?? '—' },
        { header: 'Rate', num: true, cell: (r) => percent(r.rate_bp) },
        { header: 'Net', num: true, cell: (r) => m(r.net) },
        { header: 'Tax', num: true, cell: (r) => m(r.tax) },
      ],
    })}
  </section>`;
}
