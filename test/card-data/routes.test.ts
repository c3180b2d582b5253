import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import request from 'supertest';
import { containsCardNumber, findCardNumbers, scanDatabaseForCardNumbers } from '../../src/card-data';
import type { TestApp } from '../helpers/app';
import { startCardDataWorld } from './world';
import { csvRecords } from '../helpers/csv';
import { CORPUS, sampledRefuseCases, type CorpusCase } from './cases';
import { ADA, postOrder, ADA_BY_SALES } from '../helpers/orders';

/** "Card information is never remembered", field by field: every way of writing a card number in
 * the corpus (and more made from other public test numbers) in every free-text field of every
 * route is refused naming the field and leaves nothing behind; every look-alike is accepted in its
 * field; every opaque identifier is accepted as an Idempotency-Key. */

let t: TestApp;
let tokens: Record<'sales' | 'finance' | 'admin', string>;
let orderId: string;
let partnerId: string;
let keySeq = 0;

beforeAll(async () => {
  ({ t, tokens, orderId, partnerId } = await startCardDataWorld(ADA_BY_SALES, 'Card Data Partner'));
});
afterAll(() => t.close());

const api = () => request(t.app);
const as = (role: keyof typeof tokens, pending: request.Test) => pending.set('Authorization', `Bearer ${tokens[role]}`);
const order = (customer: Record<string, string>, key = `card-data-${++keySeq}`) =>
  api()
    .post('/api/orders')
    .set('Idempotency-Key', key)
    .send({ items: [{ sku: 'SW-STD', quantity: 1 }], currency: 'EUR', payment_method: 'sales', customer: { ...ADA, ...customer } });

/** Every free-text field of every route, as the errors[].path it is named by. */
const FIELDS: Array<[route: string, field: string, send: (text: string) => request.Test]> = [
  ['shopper POST /api/orders', 'customer.name', (text) => order({ name: text })],
  ['shopper POST /api/orders', 'customer.company', (text) => order({ company: text })],
  ['shopper POST /api/orders', 'customer.phone', (text) => order({ phone: text })],
  [
    'sales POST .../payments',
    'reference',
    (text) => as('sales', api().post(`/api/staff/orders/${orderId}/payments`).send({ amount: 100, currency: 'EUR', method: 'bank_transfer', reference: text })),
  ],
  ['sales POST .../cancel', 'reason', (text) => as('sales', api().post(`/api/staff/orders/${orderId}/cancel`).send({ reason: text }))],
  [
    'refund POST .../refunds',
    'reason',
    (text) => as('finance', api().post(`/api/staff/orders/${orderId}/refunds`).set('Idempotency-Key', `r-${++keySeq}`).send({ amount: 1, reason: text })),
  ],
  [
    'refund POST .../refunds',
    'reference',
    (text) =>
      as('finance', api().post(`/api/staff/orders/${orderId}/refunds`).set('Idempotency-Key', `r-${++keySeq}`).send({ amount: 1, method: 'bank_transfer', reference: text })),
  ],
  [
    'admin POST /api/admin/products',
    'name',
    (text) =>
      as(
        'admin',
        api()
          .post('/api/admin/products')
          .send({ sku: `CD-${++keySeq}`, name: text, kind: 'software', description: '', prices: { EUR: 100 } }),
      ),
  ],
  [
    'admin POST /api/admin/products',
    'description',
    (text) =>
      as(
        'admin',
        api()
          .post('/api/admin/products')
          .send({ sku: `CD-${++keySeq}`, name: 'Card data', kind: 'software', description: text, prices: { EUR: 100 } }),
      ),
  ],
  ['admin PATCH /api/admin/products/{sku}', 'description', (text) => as('admin', api().patch('/api/admin/products/SW-PRO').send({ description: text }))],
  [
    'admin POST /api/admin/product-alerts',
    'subject',
    (text) =>
      as(
        'admin',
        api()
          .post('/api/admin/product-alerts')
          .send({ id: `cd-${++keySeq}`, subject: text, text: 'New release' }),
      ),
  ],
  [
    'admin POST /api/admin/product-alerts',
    'text',
    (text) =>
      as(
        'admin',
        api()
          .post('/api/admin/product-alerts')
          .send({ id: `cd-${++keySeq}`, subject: 'News', text }),
      ),
  ],
  [
    'partner POST /api/admin/partners',
    'name',
    (text) =>
      as(
        'admin',
        api()
          .post('/api/admin/partners')
          .send({ name: text, countries: ['DE'], referral_url: 'https://p.example/r', active: true }),
      ),
  ],
  ['partner PATCH /api/admin/partners/{id}', 'name', (text) => as('admin', api().patch(`/api/admin/partners/${partnerId}`).send({ name: text }))],
];

const REFUSE: CorpusCase[] = [...CORPUS.refuse, ...sampledRefuseCases()];

describe('every refuse case in every free-text field of every route', () => {
  const answers: Array<{ label: string; outcome: string; headers: string; body: string }> = [];
  beforeAll(async () => {
    for (const [route, field, send] of FIELDS) {
      for (const c of REFUSE) {
        const res = await send(c.text);
        const named = (res.body.errors ?? []).map((e: { path: string }) => e.path).join(',');
        answers.push({ label: `${route} ${field} ${c.name}`, outcome: `${res.status} ${res.body.code} ${named}`, headers: JSON.stringify(res.headers), body: res.text });
      }
    }
    await t.worker.runOnce();
  }, 300_000);

  it('is answered 422 naming exactly that field', () => {
    const expected = FIELDS.flatMap(([route, field]) => REFUSE.map((c) => `${route} ${field} ${c.name}: 422 card_data_refused ${field}`));
    expect(answers.map((a) => `${a.label}: ${a.outcome}`)).toEqual(expected);
  });

  it('never echoes the digits', () => {
    expect(answers.filter((a) => containsCardNumber(a.headers) || containsCardNumber(a.body) || /\p{Nd}{4}/u.test(a.body)).map((a) => a.label)).toEqual([]);
  });

  it('leaves nothing in the database', async () => {
    expect((await scanDatabaseForCardNumbers(t.ctx.db)).hits).toEqual([]);
  });

  it('leaves nothing in the logs, access-log paths included', async () => {
    await api().get('/api/orders/4111111111111111ab').expect(422);
    await api()
      .get(`/orders/${encodeURIComponent('4111 1111 1111 1111')}`)
      .expect(422);
    const logs = t.logs();
    expect(logs).toContain('[card number removed]');
    expect(findCardNumbers(logs).map((s) => logs.slice(Math.max(0, s.start - 40), s.end + 10))).toEqual([]);
    expect(logs).not.toContain('4111111111111111');
  });

  it('leaves nothing in the mail directory', async () => {
    const dir = path.join(t.dataDir, 'mail');
    for (const file of await readdir(dir)) {
      const m = await readFile(path.join(dir, file), 'utf8');
      expect([file, findCardNumbers(m).map((s) => m.slice(s.start - 60, s.end + 20))]).toEqual([file, []]);
    }
  });
});

describe('every pass case is accepted in its field', () => {
  const salesOrder = async () => (await postOrder(t, ADA_BY_SALES).expect(201)).body.order.id as string;

  test.each(CORPUS.pass.filter((c) => c.field === 'phone' || c.field === 'company').map((c) => [c.name, c.field, c.text] as const))(
    '%s as customer.%s',
    async (_name, field, text) => {
      const res = await order({ [field]: text });
      expect([res.status, res.body.errors]).toEqual([201, undefined]);
    },
  );

  test.each(CORPUS.pass.filter((c) => c.field === 'reference').map((c) => [c.name, c.text] as const))('%s as a payment reference', async (_name, text) => {
    const res = await as(
      'sales',
      api()
        .post(`/api/staff/orders/${await salesOrder()}/payments`)
        .send({ amount: 100, currency: 'EUR', method: 'bank_transfer', reference: text }),
    );
    expect([res.status, res.body.errors]).toEqual([201, undefined]);
  });

  test.each(CORPUS.pass.filter((c) => c.field === 'reason').map((c) => [c.name, c.text] as const))('%s as a cancellation reason', async (_name, text) => {
    const res = await as(
      'sales',
      api()
        .post(`/api/staff/orders/${await salesOrder()}/cancel`)
        .send({ reason: text }),
    );
    expect([res.status, res.body.errors]).toEqual([200, undefined]);
  });

  test('every field named in the corpus is one of these', () => {
    expect(new Set(CORPUS.pass.map((c) => c.field))).toEqual(new Set(['phone', 'company', 'reference', 'reason']));
  });
});

describe('every opaque case is accepted as an Idempotency-Key', () => {
  test.each(CORPUS.opaque.map((c) => [c.name, c.text] as const))('%s: placed once, replayed, and not stored as sent', async (_name, key) => {
    const first = await order({}, key);
    expect(first.status).toBe(201);
    const again = await order({}, key);
    expect([again.status, again.headers['idempotent-replayed'], again.body.order.id]).toEqual([201, 'true', first.body.order.id]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from idempotency_keys where key_hash = sha256(convert_to(${key}, 'UTF8'))`.execute(t.ctx.db);
    expect(rows[0]!.n).toBe(1);
  });

  it('leaves no card number in the database', async () => {
    expect((await scanDatabaseForCardNumbers(t.ctx.db)).hits).toEqual([]);
  });
});

describe('the last checks before data leaves', () => {
  it('masks a card number planted behind the guard in an email and the CSV export, and keeps a Luhn-valid phone whole', async () => {
    const placed = (await postOrder(t, ADA_BY_SALES).expect(201)).body.order;
    await sql`update orders set customer_name = 'Ada 4111 1111 1111 1111', customer_phone = '+49 1512 3456704' where id = ${placed.id}`.execute(t.ctx.db);
    await t.worker.runOnce();
    const dir = path.join(t.dataDir, 'mail');
    const mails = await Promise.all((await readdir(dir)).filter((f) => f.startsWith(placed.number)).map((f) => readFile(path.join(dir, f), 'utf8')));
    expect(mails.length).toBeGreaterThan(0);
    for (const mail of mails) expect(mail).not.toContain('4111');
    expect(mails.join('\n')).toContain('Ada [card number removed]');
    expect(mails.join('\n')).toContain('Phone: +49 1512 3456704');

    const res = await as('finance', api().get('/api/finance/orders.csv')).buffer(true).expect(200);
    const { records } = csvRecords(res.text.replace(/^\uFEFF/, ''));
    expect(records.find((r) => r.order_number === placed.number)!.customer_name).toBe('Ada [card number removed]');
    expect(res.text).not.toContain('4111');
  });
});
