/** The hosted payment page at a session's `url`. It shows the items and the total and offers three
 * test buttons and a cancel link. It has no field of any kind: no card data can be typed here, so
 * none can travel anywhere. The buttons post to the page's own actions (`<button formaction>`), and
 * paying answers 303 to the merchant's success_url, as Checkout does. */
import type Stripe from 'stripe';
import { type Context, schedule } from './context';
import { pay, type PayChoice } from './flows/pay';
import { settle } from './flows/settle';
import { decodeSegment } from './form';
import { formatAmount } from './money';
import type { SessionRecord } from './store';

export interface PageReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
};

const CHOICES: Record<string, PayChoice> = { succeed: 'succeed', decline: 'decline', 'pay-later': 'bank_later' };

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function notice(ctx: Context, session: Stripe.Checkout.Session): string {
  if (session.status === 'expired') return 'This checkout session has expired.';
  if (session.status === 'complete') {
    return session.payment_status === 'unpaid' ? 'Thank you: your bank payment is processing and will settle later.' : 'Payment complete. Thank you!';
  }
  const pi = typeof session.payment_intent === 'string' ? ctx.store.paymentIntents.get(session.payment_intent) : undefined;
  return pi?.last_payment_error?.message ? `${pi.last_payment_error.message} Choose another way to pay.` : '';
}

function renderPage(ctx: Context, record: SessionRecord): string {
  const { session } = record;
  const currency = session.currency ?? 'usd';
  const rows = record.lineItems.map((i) => `<tr><td>${escape(i.description ?? '')} × ${i.quantity ?? 1}</td><td>${formatAmount(i.amount_total, currency)}</td></tr>`).join('');
  const actions = `/c/pay/${encodeURIComponent(session.id)}`;
  const buttons =
    session.status === 'open'
      ? `<form method="post">
<button type="submit" formaction="${actions}/succeed">Pay (payment succeeds)</button>
<button type="submit" formaction="${actions}/decline">Pay (card declined)</button>
<button type="submit" formaction="${actions}/pay-later">Pay by bank later (settles later)</button>
</form>${session.cancel_url ? `<p><a href="${escape(session.cancel_url)}">Cancel and return</a></p>` : ''}`
      : '';
  const message = notice(ctx, session);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Checkout (Stripe sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem}td{padding:.25rem .5rem}td:last-child{text-align:right}button{display:block;width:100%;margin:.5rem 0;padding:.75rem;font-size:1rem}</style>
</head><body>
<h1>Checkout</h1>
<p>Stripe sandbox: test payments only. No card details are asked for or accepted here.</p>
${session.customer_email ? `<p>For ${escape(session.customer_email)}</p>` : ''}
<table><tbody>${rows}</tbody><tfoot><tr><th scope="row">Total</th><td><strong>${formatAmount(session.amount_total ?? 0, currency)}</strong></td></tr></tfoot></table>
${message ? `<p role="status">${escape(message)}</p>` : ''}
${buttons}
</body></html>`;
}

const redirect = (location: string): PageReply => ({ status: 303, headers: { ...PAGE_HEADERS, Location: location }, body: '' });

function afterPayment(record: SessionRecord, pageUrl: string): PageReply {
  const { session } = record;
  if (session.status !== 'complete' || !session.success_url) return redirect(pageUrl);
  return redirect(session.success_url.replace(/\{CHECKOUT_SESSION_ID\}/g, session.id));
}

/** GET /c/pay/{id} and POST /c/pay/{id}/{succeed|decline|pay-later}; undefined when not ours. */
export function handleHostedPage(ctx: Context, method: string, path: string): PageReply | undefined {
  const match = /^\/c\/pay\/([^/]+)(?:\/([a-z-]+))?$/.exec(path);
  if (!match) return undefined;
  const record = ctx.store.sessions.get(decodeSegment(match[1] as string));
  if (!record) return { status: 404, headers: PAGE_HEADERS, body: '<!doctype html><title>Not found</title><p>No such checkout session.</p>' };
  const pageUrl = `/c/pay/${encodeURIComponent(record.session.id)}`;
  if (!match[2]) {
    if (method !== 'GET') return { status: 405, headers: { ...PAGE_HEADERS, Allow: 'GET' }, body: '' };
    return { status: 200, headers: PAGE_HEADERS, body: renderPage(ctx, record) };
  }
  const choice = CHOICES[match[2] ?? ''];
  if (!choice) return { status: 404, headers: PAGE_HEADERS, body: '<!doctype html><title>Not found</title><p>No such page.</p>' };
  if (method !== 'POST') return { status: 405, headers: { ...PAGE_HEADERS, Allow: 'POST' }, body: '' };
  if (record.session.status !== 'open') return redirect(pageUrl);
  pay(ctx, record, choice);
  if (choice === 'bank_later' && ctx.asyncSettleMs > 0) {
    // A control may have settled it first (which clears this timer).
    record.settleTimer = schedule(ctx, ctx.asyncSettleMs, () => settle(ctx, record, 'succeed'));
  }
  return afterPayment(record, pageUrl);
}
