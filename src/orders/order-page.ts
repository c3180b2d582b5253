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

/** The order's page: plain HTML, no script, no form, nothing to type. */
export function renderOrderPage(view: OrderView, extra: { reference?: string | null; instructions?: string }): string {
  const money = (n: number) => `${formatMinor(n, view.currency)} ${view.currency}`;
  const rows = view.items.map((i) => `<tr><td>${esc(i.name)}</td><td>${i.quantity}</td><td>${money(i.unit_amount)}</td><td>${money(i.amount)}</td></tr>`).join('');
  const offline =
    view.status === 'awaiting_offline_payment' && extra.instructions
      ? `<section><h2>How to pay</h2><p>Your payment reference: <strong>${esc(extra.reference ?? '')}</strong></p><p>${esc(extra.instructions)}</p></section>`
      : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Order ${esc(view.number)}</title></head>
<body><main>
<h1>Order ${esc(view.number)}</h1>
<p id="status" data-status="${view.status}">${STATUS_TEXT[view.status]}</p>
<table><thead><tr><th>Item</th><th>Qty</th><th>Unit price</th><th>Amount</th></tr></thead><tbody>${rows}</tbody></table>
<p>Subtotal ${money(view.subtotal)} · Tax ${money(view.tax)} · <strong>Total ${money(view.total)}</strong></p>
<p>Paid ${money(view.amount_paid)}${view.amount_refunded > 0 ? ` · Refunded ${money(view.amount_refunded)}` : ''}</p>
${offline}
</main></body></html>`;
}
