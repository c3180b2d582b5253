import { html, type Html } from '../shared/html/html';

export interface Store {
  name: string;
  contactEmail: string;
}

/** Every shop page: the store's name and contact from configuration, one main with one h1, no
 * script (the strict CSP allows none inline, and the shop needs none), the order page's stylesheet and a few rules of its own. */
export function shopPage(store: Store, title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${store.name}</title>
        <link rel="stylesheet" href="/assets/order-page.css" />
        <link rel="stylesheet" href="/shop/shop.css" />
      </head>
      <body>
        <header>
          <p class="brand"><a href="/shop">${store.name}</a></p>
        </header>
        <main id="main">
          <h1>${title}</h1>
          ${body}
        </main>
        <footer>
          <p>Questions? <a href="mailto:${store.contactEmail}">${store.contactEmail}</a></p>
        </footer>
      </body>
    </html>`.text;
}

/** On top of the order page's stylesheet: links readable on the dark header, errors marked by
 * more than colour (bold, beside the field), products as cards. Contrast at or above WCAG AA. */
export const SHOP_CSS = `header a{color:#fff}label{display:block;font-weight:600}input[type=checkbox]+label,input[type=radio]+label{display:inline;font-weight:400}
.field-error{display:block;color:#a4161a;font-weight:600}.errors{border-left:4px solid #a4161a;padding-left:.8rem}
.products{list-style:none;padding:0}.product{border-bottom:1px solid #e3e6ea;padding:.8rem 0}.price{font-weight:600}
input,select{font:inherit;padding:.3rem;margin:.2rem 0}button{font:inherit;padding:.4rem .9rem;margin-top:.4rem}`;
