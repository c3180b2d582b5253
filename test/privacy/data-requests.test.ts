import { sql } from 'kysely';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { subjectHash } from '../../src/privacy';
import { startTestApp, type TestApp } from '../helpers/app';
import { booksOf, placesHolding } from '../helpers/books';
import { staffToken } from '../helpers/staff-token';
import { postOrder, ADA_BY_SALES, type Shopper } from '../helpers/orders';

let t: TestApp;
let partner: Server;
let admin: string;
const marie: Shopper = { name: 'Marie Skłodowska', email: 'marie.sklodowska@example.fr', company: 'Institut du Radium', country: 'NL', phone: '+31 20 555 0199' };
const pierre: Shopper = { name: 'Pierre Dupont', email: 'pierre.dupont@example.fr', country: 'FR' };
const orderIds: string[] = [];

beforeAll(async () => {
  t = await startTestApp();
  admin = await staffToken(t, ['admin'], { sub: 'test-admin' });
  partner = createServer((req, res) => req.resume().on('end', () => res.writeHead(202).end()));
  partner.listen(0, '127.0.0.1');
  await once(partner, 'listening');
  const referralUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/referrals`;
  await request(t.app)
    .post('/api/admin/partners')
    .set('Authorization', `Bearer ${admin}`)
    .send({ name: 'Lowlands Reseller BV', countries: ['NL'], referral_url: referralUrl, active: true })
    .expect(201);

  const first = await postOrder(t, { ...ADA_BY_SALES, customer: marie, contact_me: true, marketing_opt_in: true, items: [{ sku: 'TRN-ADMIN', quantity: 1 }] }).expect(201);
  const second = await postOrder(t, { ...ADA_BY_SALES, customer: { ...marie, email: 'Marie.Sklodowska@Example.fr' } }).expect(201);
  await postOrder(t, { ...ADA_BY_SALES, customer: pierre, marketing_opt_in: true }).expect(201);
  orderIds.push(first.body.order.id, second.body.order.id);
  const sales = await staffToken(t, ['sales']);
  await request(t.app)
    .post(`/api/staff/orders/${second.body.order.id}/payments`)
    .set('Authorization', `Bearer ${sales}`)
    .send({ amount: second.body.order.total, currency: 'EUR', method: 'bank_transfer', reference: `Transfer from MARIE SKŁODOWSKA, ${marie.email}` })
    .expect(201);
  await t.worker.runOnce();
});
afterAll(async () => {
  partner.close();
  await t.close();
});

const exportOf = (email: string) => request(t.app).get('/api/admin/privacy/subjects').query({ email }).set('Authorization', `Bearer ${admin}`);

describe('a data subject access request', () => {
  it('returns everything held about the person: orders with items and payments, consents, disclosures, contact requests, emails, audit entries', async () => {
    const res = await exportOf('Marie.Sklodowska@example.FR').expect(200);
    const body = res.body;
    expect(res.headers['cache-control']).toBe('no-store');
    expect(body.orders.map((o: { id: string }) => o.id).sort()).toEqual([...orderIds].sort());
    const paid = body.orders.find((o: { id: string }) => o.id === orderIds[1]);
    expect(paid.customer).toEqual({ name: marie.name, email: marie.email, company: marie.company, country: 'NL', phone: marie.phone });
    expect(paid.items).toEqual([expect.objectContaining({ sku: 'SW-STD', quantity: 1 })]);
    expect(paid.payments).toEqual([expect.objectContaining({ amount: paid.total, method: 'bank_transfer' })]);
    expect(paid.history.length).toBeGreaterThan(0);
    expect(body.consents).toEqual([expect.objectContaining({ purpose: 'product_alerts', order_id: orderIds[0], withdrawn_at: null })]);
    expect(body.disclosures).toEqual([
      expect.objectContaining({
        partner_name: 'Lowlands Reseller BV',
        order_id: orderIds[0],
        reason: 'shopper_requested_contact',
        fields: expect.arrayContaining(['customer.name', 'customer.email', 'customer.phone']),
      }),
    ]);
    expect(body.contact_requests).toEqual([expect.objectContaining({ order_id: orderIds[0], status: 'referred' })]);
    expect(body.emails.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(['order_received', 'order_paid']));
    expect(body.audit).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'order.payment_recorded', subject_id: orderIds[1] })]));
    expect(JSON.stringify(body)).not.toContain(pierre.email);
    // What the erasure below must remove is really there to begin with.
    expect(await placesHolding(t.ctx.db, marie.name)).toEqual(expect.arrayContaining(['orders.customer_name', 'payments.reference']));
  });

  it('is recorded, with a keyed hash of the address and who asked', async () => {
    await exportOf(marie.email).expect(200);
    const requests = await t.ctx.db.selectFrom('privacy_requests').selectAll().where('kind', '=', 'access').execute();
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]).toMatchObject({ subject_hash: subjectHash(t.ctx.keys, marie.email), requested_by: 'staff:test-admin' });
    expect(JSON.stringify(requests)).not.toContain('marie');
  });

  it('is for admins only, and refuses a malformed address', async () => {
    await request(t.app).get('/api/admin/privacy/subjects').query({ email: marie.email }).expect(401);
    for (const role of ['sales', 'finance']) {
      await request(t.app)
        .get('/api/admin/privacy/subjects')
        .query({ email: marie.email })
        .set('Authorization', `Bearer ${await staffToken(t, [role])}`)
        .expect(403);
    }
    const bad = await request(t.app).get('/api/admin/privacy/subjects').query({ email: 'nope' }).set('Authorization', `Bearer ${admin}`).expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ path: 'email' })]);
  });
});

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks; rows end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && ch === '\n') {
      rows.push([...row, cell.replace(/\r$/, '')]);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function financeExport(): Promise<Array<Record<string, string>>> {
  const res = await request(t.app)
    .get('/api/finance/orders.csv')
    .set('Authorization', `Bearer ${await staffToken(t, ['finance'])}`)
    .expect(200);
  const [header, ...lines] = parseCsv(res.text.replace(/^\uFEFF/, ''));
  return lines.map((cells) => Object.fromEntries(header!.map((name, i) => [name, cells[i]!])));
}
/** The person, and free text staff typed that named them. */
const PERSONAL = ['customer_name', 'customer_email', 'customer_company', 'customer_phone', 'offline_payment_references'];
const withoutPerson = (rows: Array<Record<string, string>>) => rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !PERSONAL.includes(k))));

describe('an erasure', () => {
  let before: unknown[];
  let exportBefore: Array<Record<string, string>>;
  let erasure: { id: number; subject_hash: string; counts: Record<string, number> };
  beforeAll(async () => {
    before = await booksOf(t.ctx.db, orderIds);
    exportBefore = await financeExport();
    await request(t.app).post('/api/admin/privacy/erasures').send({ email: marie.email }).expect(401);
    await request(t.app)
      .post('/api/admin/privacy/erasures')
      .set('Authorization', `Bearer ${await staffToken(t, ['finance'])}`)
      .send({ email: marie.email })
      .expect(403);
    const res = await request(t.app).post('/api/admin/privacy/erasures').set('Authorization', `Bearer ${admin}`).send({ email: marie.email }).expect(201);
    erasure = res.body.erasure;
  });

  it("leaves the person's name, email, company and phone nowhere in the database", async () => {
    for (const value of [marie.name, marie.email, marie.company!, marie.phone!, 'Skłodowska']) {
      // Issued invoices and credit notes alone keep the buyer as issued (tax law's retention);
      // the count says so, and no pro-forma is left.
      const places = await placesHolding(t.ctx.db, value);
      expect([value, places.filter((p) => p !== 'invoice_documents.content')]).toEqual([value, []]);
    }
    // Her pay-via-sales orders had pro-formas: gone. What is left of her documents is what the
    // erasure says it kept, invoices and credit notes only.
    expect(erasure.counts.proformas).toBeGreaterThan(0);
    const kinds = await t.ctx.db
      .selectFrom('invoice_documents')
      .select('kind')
      .where(sql<boolean>`content::text ilike ${'%' + marie.email + '%'}`)
      .execute();
    expect(kinds).toHaveLength(erasure.counts.invoices_kept!);
    for (const { kind } of kinds) expect(['invoice', 'credit_note']).toContain(kind);
  });

  it('keeps amounts, dates, numbers, references and country for the books', async () => {
    expect(await booksOf(t.ctx.db, orderIds)).toEqual(before);
  });

  it('leaves the finance export adding up to the same, with the person gone from it', async () => {
    const after = await financeExport();
    expect(withoutPerson(after)).toEqual(withoutPerson(exportBefore));
    const sum = (rows: Array<Record<string, string>>, column: string) => rows.reduce((total, r) => total + Math.round(Number(r[column]) * 100), 0);
    for (const column of ['subtotal', 'tax', 'total', 'amount_paid', 'amount_refunded']) expect(sum(after, column)).toBe(sum(exportBefore, column));
    expect(exportBefore.some((r) => r.customer_email === marie.email)).toBe(true);
    expect(after.some((r) => Object.values(r).some((v) => /skłodowska/i.test(v) || v.includes(marie.email)))).toBe(false);
    const reference = after.find((r) => r.offline_payment_references !== '')!.offline_payment_references;
    expect(reference).toBe(`Transfer from erased-${erasure.subject_hash.slice(0, 12)}, erased-${erasure.subject_hash.slice(0, 12)}`);
  });

  it('keeps one pseudonym for all their orders, and the disclosure log without their details', async () => {
    const orders = await t.ctx.db
      .selectFrom('orders')
      .select(['customer_name', 'customer_email', 'customer_company', 'customer_phone', 'erased_at'])
      .where('id', 'in', orderIds)
      .execute();
    const tag = `erased-${erasure.subject_hash.slice(0, 12)}`;
    for (const o of orders)
      expect(o).toEqual({ customer_name: tag, customer_email: `${tag}@erased.invalid`, customer_company: null, customer_phone: null, erased_at: expect.any(Date) });
    const disclosures = await t.ctx.db.selectFrom('disclosures').select(['partner_id', 'fields', 'reason']).where('order_id', '=', orderIds[0]!).execute();
    expect(disclosures).toEqual([expect.objectContaining({ reason: 'shopper_requested_contact', fields: expect.arrayContaining(['customer.email']) })]);
  });

  it('withdraws their consent, so no alert reaches them, and leaves others on the list', async () => {
    const list = await request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts' }).set('Authorization', `Bearer ${admin}`).expect(200);
    expect(list.body.opt_ins.map((o: { email: string }) => o.email)).toEqual([pierre.email]);
  });

  it('is recorded with counts, who and when, and audited, without the address', async () => {
    expect(erasure.counts).toMatchObject({ orders: 2, consents: 1, payments: 1 });
    const row = await t.ctx.db.selectFrom('privacy_requests').selectAll().where('id', '=', erasure.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ kind: 'erasure', subject_hash: subjectHash(t.ctx.keys, marie.email), requested_by: 'staff:test-admin' });
    const audited = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'privacy.erased').execute();
    expect(audited).toEqual([expect.objectContaining({ actor: 'staff:test-admin', subject_id: String(erasure.id) })]);
  });

  it('finds nothing more the second time, and says so', async () => {
    const again = await request(t.app).post('/api/admin/privacy/erasures').set('Authorization', `Bearer ${admin}`).send({ email: marie.email }).expect(201);
    expect(again.body.erasure.counts).toMatchObject({ orders: 0, consents: 0 });
    const view = await exportOf(marie.email).expect(200);
    expect(view.body).toMatchObject({ orders: [], consents: [], disclosures: [] });
  });

  it('leaves other people alone', async () => {
    const view = await exportOf(pierre.email).expect(200);
    expect(view.body.orders).toHaveLength(1);
    expect(view.body.orders[0].customer.name).toBe(pierre.name);
  });
});
