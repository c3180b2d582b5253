import { randomUUID } from 'node:crypto';
import express, { Router, type ErrorRequestHandler, type Request, type Response } from 'express';
import { cardGuard } from '../card-data';
import { placeOrder, type OrdersRouteDeps } from '../orders';
import { AppError } from '../shared/errors';
import { BODY_LIMIT } from '../shared/http/body';
import { parseOrThrow } from '../shared/http/validate';
import { html, queryString } from '../shared/html/html';
import { catalogBody } from './catalog.views';
import { checkoutBody, salesPlacedBody, type CheckoutState } from './checkout.views';
import { SHOP_CSS, shopPage, type Store } from './layout';
import { sameOriginPosts } from './same-origin';
import { cartParam, cartQuery, catalogQuery, checkoutForm } from './shop.schemas';
import { activeProducts, byFormField, parseOrder, priceCart, toOrderBody } from './shop.service';

export interface ShopDeps {
  orders: OrdersRouteDeps;
  store: Store;
  publicBaseUrl: string;
}

/**
 * The storefront at /shop: server-rendered, no script, no cookie needed (the cart is in the
 * address, the checkout form carries it in hidden fields). Its form posts urlencoded, so it is
 * mounted before the API's JSON-only rule with its own parser and the same card-number guard.
 * CSRF: there is no session to ride on, but a checkout from another site's page is still refused
 * (Fetch Metadata, else Origin: `same-origin.ts`), with or without a cookie: a foreign page must
 * not place orders, set the remember-me cookie or record consent in a shopper's name.
 */
export function shopRoutes(deps: ShopDeps): Router {
  const router = Router();
  const send = (res: Response, status: number, title: string, body: ReturnType<typeof html>) =>
    processorFormAction(res)
      .status(status)
      .set('Cache-Control', 'no-store')
      .set('Referrer-Policy', 'same-origin')
      .type('html')
      .send(shopPage(deps.store, title, body));
  router.get('/shop/shop.css', (_req, res) => void res.set('Cache-Control', 'public, max-age=3600').type('text/css').send(SHOP_CSS));
  router.use('/shop', express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 30 }), cardGuard());
  router.use('/shop', sameOriginPosts(deps.publicBaseUrl));

  router.get('/shop', async (req, res) => {
    const q = parseOrThrow(catalogQuery, req.query, 'query');
    send(res, 200, 'Shop', catalogBody(await activeProducts(deps.orders.db), q.currency, q.items));
  });

  router.get('/shop/cart', async (req, res) => {
    const q = parseOrThrow(cartQuery, req.query, 'query');
    if (q.add || q.remove) {
      const added = q.add ? [...q.items, { sku: q.add, quantity: q.quantity ?? 1 }] : q.items;
      const items = parseOrThrow(cartQuery, { items: cartParam(added.filter((l) => l.sku !== q.remove)) }, 'query').items;
      return void res.redirect(303, `/shop/cart${queryString({ items: cartParam(items), currency: q.currency })}`);
    }
    const lines = priceCart(await activeProducts(deps.orders.db), q.items, q.currency);
    if (lines.length === 0) return void send(res, 200, 'Your cart', html`<p>Your cart is empty. <a href="/shop${queryString({ currency: q.currency })}">Choose something</a>.</p>`);
    send(res, 200, 'Your cart', checkoutBody({ lines, currency: q.currency, idempotencyKey: randomUUID(), values: {}, errors: {} }));
  });

  router.post('/shop/checkout', async (req, res) => {
    const form = parseOrThrow(checkoutForm, req.body, 'body');
    const lines = priceCart(await activeProducts(deps.orders.db), form.items, form.currency);
    const state: CheckoutState = { lines, currency: form.currency, idempotencyKey: form.idempotency_key, values: req.body as Record<string, string>, errors: {} };
    const body = toOrderBody(form);
    const parsed = parseOrder(body);
    if (!parsed.ok) return void send(res, 422, 'Your cart', checkoutBody({ ...state, errors: parsed.errors }));
    const placed = await placeOrEdit(req, body, parsed.input, form.idempotency_key);
    if ('errors' in placed) return void send(res, 422, 'Your cart', checkoutBody({ ...state, errors: placed.errors }));
    for (const hook of deps.orders.afterPlaced ?? []) await hook(req, res, parsed.input);
    const { order, order_token: token, next } = placed.body;
    if (next.type === 'redirect') return void res.redirect(303, next.url);
    const orderUrl = `/orders/${order.id}${queryString({ token })}`;
    send(res, 200, 'Thank you', salesPlacedBody({ number: order.number, reference: next.reference, instructions: next.instructions, orderUrl }));
  });

  /** The API's own use case; what it refuses as unprocessable (sold out, sales closed, another
   * form under the same key) goes back to the form, anything else to the error page. */
  async function placeOrEdit(req: Request, body: ReturnType<typeof toOrderBody>, input: Parameters<typeof placeOrder>[3], key: string) {
    try {
      return await placeOrder(deps.orders, key, body, input, { gpc: req.get('Sec-GPC') === '1' });
    } catch (err) {
      if (err instanceof AppError && err.status === 422) return { errors: byFormField(err.errors ?? [{ path: 'form', message: err.detail ?? err.title }]) };
      throw err;
    }
  }

  router.use('/shop', shopErrors(send));
  return router;
}

/** Browsers apply a page's `form-action` to every redirect its form's post answers: the checkout
 * answers 303 to the processor's hosted page, on another origin (Stripe's, or the sandbox's). Shop
 * pages allow forms to lead to https pages (processors are https only: config refuses another
 * STRIPE_API_URL); everything else of the app's strict CSP stays as it is. */
function processorFormAction(res: Response): Response {
  const csp = res.getHeader('Content-Security-Policy');
  if (typeof csp === 'string') res.set('Content-Security-Policy', csp.replace("form-action 'self'", "form-action 'self' https:"));
  return res;
}

/** Errors on shop pages are pages: the problem's detail, each field named (never its value), and a way back. */
function shopErrors(send: (res: Response, status: number, title: string, body: ReturnType<typeof html>) => void): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (!(err instanceof AppError)) return next(err);
    for (const [k, v] of Object.entries(err.headers)) res.set(k, v);
    const fields = err.errors?.length
      ? html`<ul>
          ${err.errors.map((e) => html`<li><strong>${e.path}</strong>: ${e.message}</li>`)}
        </ul>`
      : '';
    send(
      res,
      err.status,
      err.title,
      html`<div role="alert">
          <p>${err.detail ?? err.title}</p>
          ${fields}
        </div>
        <p><a href="/shop">Back to the shop</a></p>`,
    );
  };
}
