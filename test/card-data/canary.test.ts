import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import request from 'supertest';
import { findCardNumbers, scanDatabaseForCardNumbers } from '../../src/card-data';
import type { TestApp } from '../helpers/app';
import { startCardDataWorld } from './world';
import { CORPUS, generatedRefuseCases } from './cases';
import { ADA, ADA_BY_SALES } from '../helpers/orders';

/** "Credit card information is never remembered": card numbers in every form a person could type
 * or paste, through every field of every route, and then none of them anywhere: not in the
 * database (the same scan as `npm run scan-card-data`), not in the logs, not in any answer, not in
 * any email written. */

const digitsIn = (zero: number, digits: string) => [...digits].map((d) => String.fromCodePoint(zero + Number(d))).join('');
/** Forms of our own, then every `refuse` case of the shared corpus and a few made from other public
 * test numbers (test/card-data/cases.ts): the same cases the guard and the scanner are tested with. */
const FORMS: Array<[string, string]> = [
  ['plain', '4111111111111111'],
  ['spaces', '4111 1111 1111 1111'],
  ['dashes', '5555-5555-5555-4444'],
  ['dots', '4242.4242.4242.4242'],
  ['Amex groups', '3782 822463 10005'],
  ['19 digits', '6221 2600 0000 0000 001'],
  ['full-width', digitsIn(0xff10, '4242424242424242')],
  ['Arabic-Indic', digitsIn(0x0660, '4012888888881881')],
  ['Devanagari', digitsIn(0x0966, '5105105105105100')],
  ['zero-width', '4242\u200b4242\u200b4242\u200b4242'],
  ['no-break spaces', '4000\u00a00566\u00a05566\u00a05556'],
  ['soft hyphens', '4111\u00ad1111\u00ad1111\u00ad1111'],
  ...[...CORPUS.refuse, ...generatedRefuseCases().filter((_, i) => i % 50 === 0)].map((c) => [c.name, c.text] as [string, string]),
];

/** HTTP headers carry Latin-1 only: the same number with ASCII digits, keeping ASCII separators. */
const DIGIT_ZEROS = [0x30, 0x0660, 0x0966, 0xff10];
const inHeader = (card: string) =>
  [...card]
    .map((ch) => {
      const zero = DIGIT_ZEROS.find((z) => ch.codePointAt(0)! - z >= 0 && ch.codePointAt(0)! - z < 10);
      if (zero !== undefined) return String(ch.codePointAt(0)! - zero);
      return /[\x20-\x7e]/.test(ch) ? ch : '';
    })
    .join('');

let t: TestApp;
const answers: string[] = [];
const heard = async (pending: request.Test) => {
  const res = await pending;
  answers.push(`${res.status} ${JSON.stringify(res.headers)} ${res.text ?? ''}`);
  expect(res.status).toBeLessThan(500);
  return res;
};

let tokens: Record<'sales' | 'finance' | 'admin', string>;
let orderId: string;
let partnerId: string;

beforeAll(async () => {
  ({ t, tokens, orderId, partnerId } = await startCardDataWorld({ ...ADA_BY_SALES, marketing_opt_in: true }, 'Canary Partner'));
});
afterAll(() => t.close());

const as = (role: keyof typeof tokens, pending: request.Test) => pending.set('Authorization', `Bearer ${tokens[role]}`);
const api = () => request(t.app);

function shopperRequests(card: string): request.Test[] {
  const base = { items: [{ sku: 'SW-STD', quantity: 1 }], currency: 'EUR', payment_method: 'sales', customer: { ...ADA } };
  const order = (body: unknown, key = `canary-${answers.length}-${Math.random()}`) =>
    api()
      .post('/api/orders')
      .set('Idempotency-Key', key)
      .send(body as object);
  const withCustomer = (field: string, value: string) => order({ ...base, customer: { ...base.customer, [field]: value } });
  return [
    ...['name', 'company', 'country', 'phone'].map((field) => withCustomer(field, card)),
    withCustomer('email', `${card}@example.com`),
    withCustomer('email', `ada+${card}@example.com`),
    order({ ...base, items: [{ sku: card, quantity: 1 }] }),
    order({ ...base, currency: card }),
    order({ ...base, items: [{ sku: 'SW-STD', quantity: Number(card.replace(/\D/g, '')) || 1 }] }),
    order({ ...base, card_number: card }),
    order({ ...base, [card]: true }),
    order({ ...base, customer: { ...base.customer, name: 'Ada', cardNumber: '4111' } }),
    order(base, inHeader(card)),
    order(base, `key-${inHeader(card).replace(/ /g, '')}`),
    order({ ...base, customer: { ...base.customer, name: `Ada ${card} Lovelace` } }),
    api().post('/api/orders').set('Idempotency-Key', `raw-${answers.length}`).set('Content-Type', 'application/json').send(`{"customer": {"name": "${card}"`),
    api()
      .get(`/api/orders/${encodeURIComponent(card)}`)
      .set('Authorization', `Bearer ${inHeader(card)}`),
    api().get(`/orders/${orderId}`).query({ token: card }),
    api().get('/checkout/return').query({ session_id: card }),
    api().get('/api/products').query({ q: card }),
    api().get(`/api/${encodeURIComponent(card)}`),
    api()
      .get('/api/prefill')
      .set('Cookie', `handoff_prefill=${encodeURIComponent(card)}; other=${encodeURIComponent(card)}`),
    api()
      .delete('/api/prefill')
      .set('Cookie', `handoff_prefill=${encodeURIComponent(card)}`),
    api().get('/api/unsubscribe').query({ token: card }),
    api()
      .post('/api/unsubscribe')
      .query({ token: card })
      .type('form')
      .send(`List-Unsubscribe=One-Click&card=${encodeURIComponent(card)}`),
    api()
      .post('/api/webhooks/stripe')
      .set('Stripe-Signature', `t=1,v1=${inHeader(card)}`)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ id: 'evt_1', type: 'checkout.session.completed', data: { object: { customer_details: { name: card } } } })),
    api()
      .get('/healthz')
      .set('User-Agent', inHeader(card))
      .set('X-Request-Id', inHeader(card).replace(/\D/g, ''))
      .set('Referer', `https://evil.example/?pan=${encodeURIComponent(card)}`),
  ];
}

function staffRequests(card: string): request.Test[] {
  return [
    as('sales', api().get('/api/staff/orders').query({ cursor: card })),
    as('sales', api().get('/api/staff/orders').query({ status: card })),
    as('sales', api().get(`/api/staff/orders/${encodeURIComponent(card)}`)),
    as('sales', api().post(`/api/staff/orders/${orderId}/payments`).send({ amount: 100, currency: 'EUR', method: 'bank_transfer', reference: card })),
    as(
      'sales',
      api()
        .post(`/api/staff/orders/${orderId}/payments`)
        .send({ amount: 100, currency: 'EUR', method: 'bank_transfer', reference: `Transfer ${card} from Ada` }),
    ),
    as('sales', api().post(`/api/staff/orders/${orderId}/cancel`).send({ reason: card })),
    as('finance', api().post(`/api/staff/orders/${orderId}/refunds`).send({ amount: 1, reason: card })),
    as('finance', api().get('/api/finance/orders.csv').query({ from: card })),
    as(
      'admin',
      api()
        .post('/api/admin/products')
        .send({ sku: 'CANARY-1', name: card, kind: 'software', description: '', prices: { EUR: 100 } }),
    ),
    as(
      'admin',
      api()
        .post('/api/admin/products')
        .send({ sku: 'CANARY-2', name: 'Canary', kind: 'software', description: `Pay with ${card}`, prices: { EUR: 100 } }),
    ),
    as('admin', api().patch('/api/admin/products/SW-PRO').send({ description: card })),
    as(
      'admin',
      api()
        .patch(`/api/admin/products/${encodeURIComponent(card)}`)
        .send({ name: 'x' }),
    ),
    as(
      'admin',
      api()
        .post('/api/admin/partners')
        .send({ name: card, countries: ['DE'], referral_url: 'https://p.example/r', active: true }),
    ),
    as(
      'admin',
      api()
        .post('/api/admin/partners')
        .send({ name: 'P', countries: ['DE'], referral_url: `https://p.example/r/${encodeURIComponent(card)}`, active: true }),
    ),
    as('admin', api().patch(`/api/admin/partners/${partnerId}`).send({ name: card })),
    as(
      'admin',
      api()
        .get('/api/admin/privacy/subjects')
        .query({ email: `${card}@example.com` }),
    ),
    as(
      'admin',
      api()
        .post('/api/admin/privacy/erasures')
        .send({ email: `${card}@example.com` }),
    ),
    as('admin', api().get('/api/admin/consents').query({ purpose: 'product_alerts', cursor: card })),
    as(
      'admin',
      api()
        .post('/api/admin/product-alerts')
        .send({ id: 'canary', subject: card, text: `Pay with ${card}` }),
    ),
    api()
      .get('/api/staff/orders')
      .set('Authorization', `Bearer ${inHeader(card)}`),
  ];
}

describe('the canary: card numbers in every form through every route', () => {
  beforeAll(async () => {
    for (const [, card] of FORMS) {
      for (const pending of [...shopperRequests(card), ...staffRequests(card)]) await heard(pending);
    }
    await t.worker.runOnce();
  }, 600_000);

  it('were all answered, none with a server error, and refused as card data', () => {
    expect(answers.length).toBe(FORMS.length * (shopperRequests('x').length + staffRequests('x').length));
    expect(answers.filter((a) => a.startsWith('422 ') && a.includes('card_data_refused')).length).toBeGreaterThan(FORMS.length * 25);
  });

  it('left no card number in any table or column of the database', async () => {
    const report = await scanDatabaseForCardNumbers(t.ctx.db);
    expect(report.hits).toEqual([]);
    expect(report.rows).toBeGreaterThan(0);
  });

  it('left no card number in the logs', () => {
    const logs = t.logs();
    // They reached the logger (card numbers in URL paths are in the access lines) and were masked.
    expect(logs).toContain('[card number removed]');
    expect(findCardNumbers(logs).map((s) => logs.slice(Math.max(0, s.start - 40), s.end + 10))).toEqual([]);
  });

  it('echoed no card number in any answer, body or header of our own', () => {
    const leaks = answers.filter((a) => findCardNumbers(a).length > 0);
    expect(leaks.map((a) => a.slice(0, 300))).toEqual([]);
  });

  it('wrote no card number into any email', async () => {
    const dir = path.join(t.dataDir, 'mail');
    const files = await readdir(dir);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect([file, findCardNumbers(await readFile(path.join(dir, file), 'utf8'))]).toEqual([file, []]);
  });
});
