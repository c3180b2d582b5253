import { CONSENT_WORDING } from '../privacy';
import { COUNTRY_CODES } from '../shared/countries';
import { html, queryString, type Html } from '../shared/html/html';
import { price } from './catalog.views';
import { cartParam, type CartLine } from './shop.schemas';

export interface PricedCartLine extends CartLine {
  name: string;
  unitAmount: number;
}

export interface CheckoutState {
  lines: PricedCartLine[];
  currency: string;
  idempotencyKey: string;
  values: Partial<Record<string, string>>;
  /** Messages by form field (`name`, `email`, ...); `form` for what belongs to no one field. */
  errors: Partial<Record<string, string>>;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const COUNTRIES = [...COUNTRY_CODES].map((code) => ({ code, label: regionNames.of(code) ?? code })).sort((a, b) => a.label.localeCompare(b.label));

/** The cart and the checkout form. Subtotals here are unit price × quantity; tax and the total
 * are computed by the order itself (on the server), and its page shows them. */
export function checkoutBody(s: CheckoutState): Html {
  const items = cartParam(s.lines);
  const subtotal = s.lines.reduce((sum, l) => sum + l.unitAmount * l.quantity, 0);
  return html`${s.errors.form ? html`<div role="alert" class="errors"><p>${s.errors.form}</p></div>` : ''}
    <table>
      <caption>
        Your cart (${s.currency})
      </caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Quantity</th>
          <th scope="col">Unit price</th>
          <th scope="col">Amount</th>
          <th scope="col"></th>
        </tr>
      </thead>
      <tbody>
        ${s.lines.map(
          (l) =>
            html`<tr data-sku="${l.sku}">
              <td>${l.name}</td>
              <td>${l.quantity}</td>
              <td>${price(l.unitAmount, s.currency)}</td>
              <td>${price(l.unitAmount * l.quantity, s.currency)}</td>
              <td><a href="/shop/cart${queryString({ items, currency: s.currency, remove: l.sku })}">Remove</a></td>
            </tr>`,
        )}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="3">Subtotal before tax</th>
          <td class="subtotal">${price(subtotal, s.currency)}</td>
          <td></td>
        </tr>
      </tfoot>
    </table>
    <p><a href="/shop${queryString({ items, currency: s.currency })}">Continue shopping</a></p>
    <form method="post" action="/shop/checkout" novalidate>
      <input type="hidden" name="items" value="${items}" />
      <input type="hidden" name="currency" value="${s.currency}" />
      <input type="hidden" name="idempotency_key" value="${s.idempotencyKey}" />
      ${field(s, 'name', 'Name', 'text', 'name')} ${field(s, 'email', 'Email', 'email', 'email')} ${field(s, 'company', 'Company (optional)', 'text', 'organization')}
      ${countrySelect(s)} ${field(s, 'phone', 'Phone (optional)', 'tel', 'tel')} ${field(s, 'vat_id', 'VAT id (optional, for business buyers)', 'text', 'off')}
      ${checkbox(s, 'marketing_opt_in', CONSENT_WORDING.product_alerts.text)} ${checkbox(s, 'remember_me', 'Remember my details on this device')}
      ${checkbox(s, 'contact_me', 'Have a partner contact me')} ${paymentChoice(s)}
      <button type="submit">Place order</button>
    </form>`;
}

function errorOf(s: CheckoutState, name: string): Html | '' {
  const message = s.errors[name];
  return message ? html`<span class="field-error" id="${name}-error">${message}</span>` : '';
}

const described = (s: CheckoutState, name: string) => (s.errors[name] ? html` aria-invalid="true" aria-describedby="${name}-error"` : '');

function field(s: CheckoutState, name: string, label: string, type: string, autocomplete: string): Html {
  return html`<p>
    <label for="${name}">${label}</label>
    <input id="${name}" name="${name}" type="${type}" autocomplete="${autocomplete}" value="${s.values[name] ?? ''}" ${described(s, name)} />
    ${errorOf(s, name)}
  </p>`;
}

function countrySelect(s: CheckoutState): Html {
  const chosen = s.values.country ?? '';
  return html`<p>
    <label for="country">Country</label>
    <select id="country" name="country" autocomplete="country" ${described(s, 'country')}>
      <option value="">Choose…</option>
      ${COUNTRIES.map((c) => html`<option value="${c.code}" ${c.code === chosen ? html`selected` : ''}>${c.label}</option>`)}
    </select>
    ${errorOf(s, 'country')}
  </p>`;
}

function checkbox(s: CheckoutState, name: string, label: string): Html {
  return html`<p>
    <input id="${name}" name="${name}" type="checkbox" ${s.values[name] === 'on' ? html`checked` : ''} />
    <label for="${name}">${label}</label>
  </p>`;
}

function paymentChoice(s: CheckoutState): Html {
  const chosen = s.values.payment_method ?? 'card';
  const option = (value: string, label: string) =>
    html`<p>
      <input type="radio" id="pay-${value}" name="payment_method" value="${value}" ${chosen === value ? html`checked` : ''} /> <label for="pay-${value}">${label}</label>
    </p>`;
  return html`<fieldset>
    <legend>Payment</legend>
    ${option('card', "Card, on the payment processor's page")} ${option('sales', 'Pay via sales (bank transfer with a payment reference)')} ${errorOf(s, 'payment_method')}
  </fieldset>`;
}

/** After a pay-via-sales order: the reference, how to pay, and the order's page. */
export function salesPlacedBody(o: { number: string; reference: string; instructions: string; orderUrl: string }): Html {
  return html`<p role="status">Order <strong>${o.number}</strong> is placed and awaits your payment.</p>
    <p>Payment reference: <strong class="reference">${o.reference}</strong></p>
    <p class="instructions">${o.instructions}</p>
    <p><a href="${o.orderUrl}">Your order's page</a> (keep this link: it shows the totals and the status).</p>`;
}
