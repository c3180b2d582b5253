import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import type { TestApp } from './app';

export const salesOrder = (over: Record<string, unknown> = {}, customer: Record<string, unknown> = {}) => ({
  items: [{ sku: 'SW-PRO', quantity: 2 }],
  currency: 'EUR',
  payment_method: 'sales',
  customer: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy Labs', country: 'DE', phone: '+49 30 1234567', ...customer },
  ...over,
});

export const seatedOrder = (quantity = 2, over: Record<string, unknown> = {}) => salesOrder({ items: [{ sku: 'EVT-SUMMIT', quantity }], ...over });

/** Places an order through the API, as a shopper would. */
export async function placeOrder(t: TestApp, body: Record<string, unknown> = salesOrder()) {
  const res = await request(t.app).post('/api/orders').set('Idempotency-Key', randomUUID()).send(body);
  if (res.status !== 201) throw new Error(`order not placed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as {
    order: { id: string; number: string; subtotal: number; tax: number; total: number; currency: string; status: string; tax_note: string | null; po_number: string | null };
    next: { type: string; reference: string; instructions: string };
  };
}

export async function seatsTaken(t: TestApp, sku: string): Promise<number> {
  const row = await t.ctx.db.selectFrom('products').select('seats_taken').where('sku', '=', sku).executeTakeFirstOrThrow();
  return row.seats_taken;
}

/** The .eml files written so far (no SMTP configured in tests), with their text. */
export function mailbox(t: TestApp): Array<{ file: string; text: string }> {
  const dir = path.join(t.dataDir, 'mail');
  let files: string[];
  try {
    files = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return files.map((file) => ({ file, text: decodeEml(readFileSync(path.join(dir, file), 'utf8')) }));
}

/** The message as a mail program shows it: a quoted-printable body decoded (soft breaks joined). */
function decodeEml(raw: string): string {
  const split = raw.indexOf('\n\n');
  const [head, body] = [raw.slice(0, split), raw.slice(split + 2)];
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
