import { formatMinor } from '../shared/money';
import type { OrderView } from './orders.schemas';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STATUS_TEXT: Record<OrderView['status'], string> = {
  pending_payment: 'Waiting for your card payment',
  awaiting_offline_payment: 'Waiting for your payment via our sales team',
  paid: 'Paid — thank you',
  partially_refunded: 'Paid, partly refunded',
  refunded: 'Refunded',
  expired: 'Expired: no payment arrived in time',
  cancelled: 'Cancelled',
  disputed: 'Payment disputed: our team will be in touch',
};

export interface OrderPageExtra {
  reference?: string | null;
  instructions?: string;
  /** The store's name and contact address, in the header and footer. */
  store?: { name: string; contact: string };
  /** What was delivered (HTML the delivery side rendered and escaped). */
  delivery?: string;
}

/** The page's own stylesheet (the CSP allows styles from us only, no inline style). */
export const ORDER_PAGE_CSS = `body{font-family:system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1b1f24}
header,footer{background:#1b3a5c;color:#fff;padding:1rem 1.5rem}footer{background:#e9edf2;color:#333;font-size:.9rem}
main{max-width:46rem;margin:1.5rem auto;background:#fff;padding:1.5rem;border-radius:8px;box-shadow:0 1px 3px #0002}
table{width:100%;border-collapse:collapse}th,td{text-align:left;padding:.4rem;border-bottom:1px solid #e3e6ea}
.totals{text-align:right}.key{white-space:pre-wrap;word-break:break-all;background:#f2f4f7;padding:.6rem;border-radius:4px;font-size:.8rem}
.revoked{color:#a4161a;font-weight:600}article{border-top:1px solid #e3e6ea;padding-top:.8rem;margin-top:.8rem}svg{max-width:240px}`;

/** The order's page: plain HTML, no script, nothing to type. */
export function renderOrderPage(view: OrderView, extra: OrderPageExtra): string {
  const money = (n: number) => `${formatMinor(n, view.currency)} ${view.currency}`;
  const rows = view.items.map((i) => `<tr><td>${esc(i.name)}</td><td>${i.quantity}</td><td>${money(i.unit_amount)}</td><td>${money(i.amount)}</td></tr>`).join('');
  const offline =
    view.status === 'awaiting_offline_payment' && extra.instructions
      ? `<section><h2>How to pay</h2><p>Your payment reference: <strong>${esc(extra.reference ?? '')}</strong></p><p>${esc(extra.instructions)}</p></section>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Order ${esc(view.number)}</title><link rel="stylesheet" href="/assets/order-page.css"></head>
<body><header><strong>${esc(extra.store?.name ?? 'Handoff store')}</strong></header><main>
<h1>Order ${esc(view.number)}</h1>
<p id="status" data-status="${view.status}">${STATUS_TEXT[view.status]}</p>
<table><thead><tr><th>Item</th><th>Qty</th><th>Unit price</th><th>Amount</th></tr></thead><tbody>${rows}</tbody></table>
<p class="totals">Subtotal ${money(view.subtotal)} · Tax ${money(view.tax)} · <strong>Total ${money(view.total)}</strong></p>
<p>Paid ${money(view.amount_paid)}${view.amount_refunded > 0 ? ` · Refunded ${money(view.amount_refunded)}` : ''}</p>
${offline}
${extra.delivery ?? ''}
</main>${extra.store ? `<footer>Questions about this order? Write to <a href="mailto:${esc(extra.store.contact)}">${esc(extra.store.contact)}</a> quoting order ${esc(view.number)}.</footer>` : ''}</body></html>`;
}

/** Where the processor's cancel link lands: no token, so nothing of the order, only what happened
 * and what the shopper can do next. */
export function renderCancelledPage(store: OrderPageExtra['store']): string {
  const name = esc(store?.name ?? 'Handoff store');
  const contact = store ? ` Questions? Write to <a href="mailto:${esc(store.contact)}">${esc(store.contact)}</a>.` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Payment cancelled</title><link rel="stylesheet" href="/assets/order-page.css"></head>
<body><header><strong>${name}</strong></header><main>
<h1>Payment cancelled</h1>
<p id="status" data-status="payment_cancelled">You left the payment page: nothing was charged. Your order is held for a short while; go back to the shop to pay, or let it lapse and nothing is due.</p>
</main><footer>${name}.${contact}</footer></body></html>`;
}
