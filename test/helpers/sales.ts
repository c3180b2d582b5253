import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { NextStep } from '../../src/orders';
import { expireOverdueOfflineOrders } from '../../src/sales-desk';
import type { TestApp } from './app';
import { placeOrder as placeAnOrder, type OrderOverrides, type PlacedOrder } from './orders';
import { staffToken } from './staff-token';

type OfflineStep = Extract<NextStep, { type: 'offline' }>;

export const salesOrder = (over: Record<string, unknown> = {}, customer: Record<string, unknown> = {}) => ({
  items: [{ sku: 'SW-PRO', quantity: 2 }],
  currency: 'EUR',
  payment_method: 'sales',
  customer: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy Labs', country: 'DE', phone: '+49 30 1234567', ...customer },
  ...over,
});

export const seatedOrder = (quantity = 2, over: Record<string, unknown> = {}) => salesOrder({ items: [{ sku: 'EVT-SUMMIT', quantity }], ...over });

/** Places an order (a pay-via-sales one, `salesOrder()`, unless another body is given) through the
 * one order helper. Its next step is typed as the offline one the pay-via-sales tests read (the
 * payment reference and instructions); a card body placed here answers a redirect instead. */
export async function placeOrder(t: TestApp, body: OrderOverrides = salesOrder()): Promise<PlacedOrder & { next: OfflineStep }> {
  const placed = await placeAnOrder(t, body);
  return { ...placed, next: placed.next as OfflineStep };
}

/** As if the order's hold had ended `agoMs` ago (an hour by default); the sweep has not run yet. */
export async function holdRanOut(t: TestApp, orderId: string, agoMs = 3_600_000): Promise<void> {
  await t.ctx.db
    .updateTable('orders')
    .set({ hold_expires_at: new Date(Date.now() - agoMs) })
    .where('id', '=', orderId)
    .execute();
}

/** A pay-via-sales order flagged for a person the way it happens: part of it paid by transfer,
 * then its hold runs out and the sweep flags it (`offline_hold_expired_partly_paid`) instead of
 * expiring money already received. */
export async function partlyPaidAndFlagged(t: TestApp, amount = 500): Promise<PlacedOrder & { next: OfflineStep }> {
  const placed = await placeOrder(t, seatedOrder(1));
  const token = await staffToken(t, ['sales']);
  const res = await request(t.app)
    .post(`/api/staff/orders/${placed.order.id}/payments`)
    .set('Authorization', `Bearer ${token}`)
    .send({ amount, currency: placed.order.currency, method: 'bank_transfer', reference: `SEPA part ${placed.order.number}` });
  if (res.status !== 201) throw new Error(`payment not recorded: ${res.status} ${JSON.stringify(res.body)}`);
  await holdRanOut(t, placed.order.id);
  await expireOverdueOfflineOrders(t.ctx.db);
  return placed;
}

export async function seatsTaken(t: TestApp, sku: string): Promise<number> {
  const row = await t.ctx.db.selectFrom('products').select('seats_taken').where('sku', '=', sku).executeTakeFirstOrThrow();
  return row.seats_taken;
}

/** The .eml files written so far (no SMTP configured in tests), with their text. */
export function mailbox(t: TestApp): Array<{ file: string; text: string }> {
  return rawMailbox(t).map(({ file, text }) => ({ file, text: decodeEml(text) }));
}

/** The same, as written: MIME parts and their encodings left as they are. */
export function rawMailbox(t: TestApp): Array<{ file: string; text: string }> {
  const dir = path.join(t.dataDir, 'mail');
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files.map((file) => ({ file, text: readFileSync(path.join(dir, file), 'utf8') }));
}

/** The message as a mail program shows it: a quoted-printable body decoded (soft breaks joined);
 * of a multipart message, each part decoded in turn (the text, then the HTML). */
export function decodeEml(raw: string): string {
  const split = raw.indexOf('\n\n');
  const [head, body] = [raw.slice(0, split), raw.slice(split + 2)];
  const boundary = /^Content-Type: multipart\/\w+;[\s\S]*?boundary="?([^"\n]+)"?/im.exec(head)?.[1];
  if (boundary) {
    const parts = body.split(`--${boundary}`).slice(1, -1);
    return `${head}\n\n${parts.map((part) => decodeEml(part.replace(/^\n/, ''))).join('\n')}`;
  }
  if (!/^Content-Transfer-Encoding: quoted-printable$/im.test(head)) return raw;
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return `${head}\n\n${Buffer.from(bytes, 'latin1').toString('utf8')}`;
}

/** Emails of one kind about one order, as written to the mailbox. */
export const mailsOf = (t: TestApp, orderNumber: string, kind: string) => mailbox(t).filter((m) => m.file.startsWith(`${orderNumber}-`) && m.file.endsWith(`-${kind}.eml`));

/** Makes every queued job due now, as if its backoff had passed. */
export async function makeJobsDue(t: TestApp): Promise<void> {
  await t.ctx.db
    .updateTable('jobs')
    .set({ run_at: new Date(Date.now() - 1000) })
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .execute();
}
