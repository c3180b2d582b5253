import type { ProductWithPrices } from '../catalog';
import { formatMinor } from '../shared/money';
import { html, queryString, type Html } from '../shared/html/html';
import { cartParam, type CartLine } from './shop.schemas';

export const price = (amount: number, currency: string) => `${formatMinor(amount, currency)} ${currency}`;

export const seatsLeft = (p: Pick<ProductWithPrices, 'capacity' | 'seats_taken'>) => (p.capacity === null ? null : Math.max(0, p.capacity - p.seats_taken));

/** The currencies the catalog is priced in, for the currency select. */
export const currenciesOf = (products: ProductWithPrices[]) => [...new Set(products.flatMap((p) => Object.keys(p.prices)))].sort();

export function currencySelect(action: string, currency: string, currencies: string[], items: CartLine[]): Html {
  return html`<form method="get" action="${action}">
    <label for="currency">Currency</label>
    <select id="currency" name="currency">
      ${currencies.map((c) => html`<option value="${c}" ${c === currency ? html`selected` : ''}>${c}</option>`)}
    </select>
    ${items.length ? html`<input type="hidden" name="items" value="${cartParam(items)}" />` : ''}
    <button type="submit">Show prices</button>
  </form>`;
}

/** The catalog: each product with its price in the chosen currency, the seats left where it has
 * seats, and an "Add to cart" form that carries the cart so far (the cart lives in the address). */
export function catalogBody(products: ProductWithPrices[], currency: string, items: CartLine[]): Html {
  const cartLink = `/shop/cart${queryString({ items: cartParam(items), currency })}`;
  return html`${currencySelect('/shop', currency, currenciesOf(products), items)}
    <p><a href="${cartLink}">Cart (${items.reduce((n, l) => n + l.quantity, 0)} items)</a></p>
    <ul class="products">
      ${products.map((p) => productCard(p, currency, items))}
    </ul>`;
}

function productCard(p: ProductWithPrices, currency: string, items: CartLine[]): Html {
  const amount = p.prices[currency];
  const left = seatsLeft(p);
  const buyable = amount !== undefined && left !== 0;
  return html`<li class="product" data-sku="${p.sku}">
    <h2>${p.name}</h2>
    <p>${p.description}</p>
    <p class="price">${amount === undefined ? `Not sold in ${currency}` : price(amount, currency)}</p>
    ${left === null ? '' : html`<p class="seats">${left === 0 ? 'Sold out' : `${left} seats left`}</p>`}
    ${
      buyable
        ? html`<form method="get" action="/shop/cart">
            <input type="hidden" name="currency" value="${currency}" />
            ${items.length ? html`<input type="hidden" name="items" value="${cartParam(items)}" />` : ''}
            <input type="hidden" name="add" value="${p.sku}" />
            <label for="qty-${p.sku}">Quantity</label>
            <input id="qty-${p.sku}" name="quantity" type="number" min="1" max="${Math.min(100, left ?? 100)}" value="1" required />
            <button type="submit">Add to cart</button>
          </form>`
        : ''
    }
  </li>`;
}
