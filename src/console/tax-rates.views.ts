import type { TaxRateRow, TaxSettings } from '../tax';
import { html, queryString, type Html } from '../shared/html/html';
import { percent, percentText } from './format';
import { codeField } from './fields';
import { csrfField, page } from './layout';
import type { ConsoleSession } from './sessions.service';
import { table } from './table';

export interface TaxRatesScreen {
  session: ConsoleSession;
  settings: TaxSettings;
  rates: TaxRateRow[];
  /** The country chosen: its rates only, and the form to set one. */
  country: string | undefined;
  notice: Html | '';
}

/** The rates with their dates (all, or one country's), how the store taxes, and for a chosen
 * country the form that sets a rate from a day on, as `POST /api/admin/tax-rates/{country}` does. */
export function taxRatesPage({ session, settings, rates, country, notice }: TaxRatesScreen): string {
  return page({
    title: country ? `Tax rates of ${country}` : 'Tax rates',
    session,
    section: 'Admin',
    body: html`${notice}${country ? html`<p><a href="/console/admin/tax-rates">All countries</a></p>` : ''}
      <dl>
        <dt>Seller country</dt>
        <dd>${settings.sellerCountry}</dd>
        <dt>Prices</dt>
        <dd>${settings.pricesIncludeTax ? 'include tax' : 'exclude tax'}, rounded per ${settings.rounding}</dd>
        <dt>A country with no rate</dt>
        <dd>${settings.unconfiguredCountry === 'zero' ? 'sold at 0% with a note' : 'refused'}</dd>
      </dl>
      <search>
        <form method="get" action="/console/admin/tax-rates" class="filters">
          ${codeField({ id: 'country', name: 'country', label: 'Country', length: 2, help: 'ISO code such as AT', value: country })}
          <p><button type="submit">Show or set its rate</button></p>
        </form>
      </search>
      ${table({
        caption: country ? `Rates of ${country}, oldest first (dates in UTC)` : 'Every rate, by country (dates in UTC)',
        rowHeaders: true,
        rows: rates,
        empty: country ? `No rate for ${country} yet.` : 'No rates yet.',
        columns: [
          { header: 'Country', cell: (r) => (country ? r.country : html`<a href="/console/admin/tax-rates${queryString({ country: r.country })}">${r.country}</a>`) },
          { header: 'Region', cell: (r) => r.region || 'Nationwide' },
          { header: 'Rate', num: true, cell: (r) => percent(r.rate_bp) },
          { header: 'Label', cell: (r) => r.label },
          { header: 'From', cell: (r) => r.valid_from },
          { header: 'Until', cell: (r) => r.valid_to ?? 'in force' },
        ],
      })}
      ${country ? rateForm(session, country, current(rates)) : ''}`,
  });
}

/** The nationwide rate in force, to start the form from. */
const current = (rates: TaxRateRow[]) => rates.find((r) => r.region === '' && r.valid_to === null);

function rateForm(session: ConsoleSession, country: string, now: TaxRateRow | undefined): Html {
  return html`<section aria-labelledby="set-rate">
    <h2 id="set-rate">Set a rate for ${country}</h2>
    <p>The rate before ends on the day the new one starts; orders already taxed keep their rate. The same day again corrects that rate.</p>
    <form method="post" action="/console/admin/tax-rates/${country}">
      ${csrfField(session)}
      <p>
        <label for="rate">Rate (%)</label><br /><input
          id="rate"
          name="rate"
          required
          inputmode="decimal"
          size="6"
          value="${now ? percentText(now.rate_bp) : ''}"
          aria-describedby="rate-help"
        /><br /><small id="rate-help">Such as 19 or 7.7</small>
      </p>
      <p><label for="label">Label on documents</label><br /><input id="label" name="label" required maxlength="40" value="${now?.label ?? ''}" /></p>
      <p>
        <label for="valid_from">From (day, UTC)</label><br /><input id="valid_from" name="valid_from" type="date" aria-describedby="from-help" /><br /><small id="from-help"
          >Empty for today</small
        >
      </p>
      <p>
        <label for="region">Region</label><br /><input id="region" name="region" maxlength="3" size="4" aria-describedby="region-help" /><br /><small id="region-help"
          >A province or state code such as ON; empty for the nationwide rate</small
        >
      </p>
      <p><button type="submit">Save rate</button></p>
    </form>
  </section>`;
}
