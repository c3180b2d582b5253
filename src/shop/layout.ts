import { html, type Html } from '../shared/html/html';

export interface Store {
  name: string;
  contactEmail: string;
}

/** Every shop page: the store's name and contact from configuration, one main with one h1, no
 * script (the strict CSP allows none inline, and the shop needs none), the order page's stylesheet. */
export function shopPage(store: Store, title: string, body: Html): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${store.name}</title>
        <link rel="stylesheet" href="/assets/order-page.css" />
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
