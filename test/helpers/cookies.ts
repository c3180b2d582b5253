import request from 'supertest';
import type { TestApp } from './app';

let keySeq = 0;

export interface Shopper {
  name: string;
  email: string;
  company?: string;
  country: string;
  phone?: string;
}

export const ADA: Shopper = { name: 'Ada Lovelace', email: 'ada@example.org', company: 'Analytical Engines Ltd', country: 'GB', phone: '+44 20 7946 0018' };

/** Places a pay-via-sales order (no processor round trip) and returns the supertest response. */
export function placeOrder(t: TestApp, opts: { customer?: Shopper; flags?: Record<string, boolean>; headers?: Record<string, string>; sku?: string } = {}) {
  const req = request(t.app).post('/api/orders').set('Idempotency-Key', `privacy-${process.pid}-${++keySeq}`);
  for (const [name, value] of Object.entries(opts.headers ?? {})) req.set(name, value);
  return req.send({
    items: [{ sku: opts.sku ?? 'SW-STD', quantity: 1 }],
    currency: 'EUR',
    payment_method: 'sales',
    customer: opts.customer ?? ADA,
    ...opts.flags,
  });
}

/** The Set-Cookie lines of an answer, as a list (none: empty). */
export function setCookies(res: request.Response): string[] {
  const raw = res.headers['set-cookie'] as string[] | string | undefined;
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** The value our cookie was set to in an answer. */
export function prefillValue(res: request.Response): string {
  const line = setCookies(res).find((c) => c.startsWith('handoff_prefill='));
  if (!line) throw new Error('no handoff_prefill cookie was set');
  return line.slice('handoff_prefill='.length).split(';')[0]!;
}
