import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { mailsOf, makeJobsDue, placeOrder, salesOrder } from '../helpers/sales';
import { staffToken } from '../helpers/staff-token';
import { startPartner, type PartnerServer } from '../helpers/partner-server';

let t: TestApp;
let admin: string;
let partner: PartnerServer;
let partnerId: string;
beforeAll(async () => {
  t = await startTestApp({ PUBLIC_BASE_URL: 'https://shop.handoff.example' });
  admin = await staffToken(t, ['admin'], { sub: 'ada' });
  partner = await startPartner(`${t.baseUrl}/.well-known/jwks.json`);
  const res = await request(t.app)
    .post('/api/admin/partners')
    .set('Authorization', `Bearer ${admin}`)
    .send({ name: 'Rheinland Resellers', countries: ['DE', 'AT'], referral_url: partner.url });
  expect(res.status).toBe(201);
  partnerId = res.body.id;
});
afterAll(async () => {
  await partner.close();
  await t.close();
});
beforeEach(() => {
  partner.received.length = 0;
  partner.answers.length = 0;
});

const contactRequest = (orderId: string) => t.ctx.db.selectFrom('contact_requests').selectAll().where('order_id', '=', orderId).executeTakeFirst();
const disclosures = (orderId: string) => t.ctx.db.selectFrom('disclosures').selectAll().where('order_id', '=', orderId).execute();
const wanted = (country = 'DE', over: Record<string, unknown> = {}) => salesOrder({ contact_me: true, ...over }, { country });

describe('a shopper who asks to be contacted, in a country a partner covers', () => {
  it('is referred to the partner with a JWS it verifies against our published keys', async () => {
    const { order } = await placeOrder(t, wanted('AT', { items: [{ sku: 'SW-STD', quantity: 3 }] }));
    expect(partner.received).toEqual([]);
    await t.worker.runOnce();
    expect(partner.received).toHaveLength(1);
    const [referral] = partner.received;
    expect(referral!.contentType).toBe('application/jose');
    expect(referral!.header).toMatchObject({ alg: 'ES256', kid: t.ctx.keys.referral.kid });
    expect(referral!.claims).toEqual({
      order_number: order.number,
      items: [{ sku: 'SW-STD', name: 'Handoff Suite Standard', quantity: 3 }],
      customer: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy Labs', country: 'AT', phone: '+49 30 1234567' },
      reason: 'shopper_requested_contact',
      iat: expect.any(Number),
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iss: 'https://shop.handoff.example',
      aud: partner.url,
    });
    expect(await contactRequest(order.id)).toMatchObject({ status: 'referred', partner_id: partnerId, referred_at: expect.any(Date) });
  });

  it('logs the disclosure: partner, the fields sent, when and why', async () => {
    const { order } = await placeOrder(t, wanted('DE', {}));
    await t.worker.runOnce();
    const [logged] = await disclosures(order.id);
    expect(logged).toMatchObject({
      partner_id: partnerId,
      fields: ['order_number', 'items', 'customer.name', 'customer.email', 'customer.company', 'customer.country', 'customer.phone'],
      reason: 'shopper_requested_contact',
      jti: partner.received[0]!.claims.jti,
      disclosed_at: expect.any(Date),
      acknowledged_at: expect.any(Date),
      attempts: 1,
    });
    const staff = await request(t.app)
      .get(`/api/staff/orders/${order.id}`)
      .set('Authorization', `Bearer ${await staffToken(t, ['sales'])}`);
    expect(staff.body.contact_request).toMatchObject({ status: 'referred', partner: { id: partnerId, name: 'Rheinland Resellers' } });
    expect(staff.body.disclosures).toEqual([expect.objectContaining({ partner: { id: partnerId, name: 'Rheinland Resellers' }, reason: 'shopper_requested_contact' })]);
  });

  it('only names the fields the shopper gave', async () => {
    const { order } = await placeOrder(t, salesOrder({ contact_me: true }, { company: undefined, phone: undefined }));
    await t.worker.runOnce();
    expect((await disclosures(order.id))[0]!.fields).toEqual(['order_number', 'items', 'customer.name', 'customer.email', 'customer.country']);
    expect(partner.received[0]!.claims.customer).toEqual({ name: 'Grace Hopper', email: 'grace@example.com', company: null, country: 'DE', phone: null });
  });

  it('reaches a partner that failed twice on the third try, with the same jti and one disclosure', async () => {
    partner.answers.push(500, 503);
    const { order } = await placeOrder(t, wanted());
    await t.worker.runOnce();
    expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_pending' });
    const job = await t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'partner.referral').where('done_at', 'is', null).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/answered 500/) });
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    expect(await t.worker.runOnce()).toBe(0);
    await makeJobsDue(t);
    await t.worker.runOnce();
    await makeJobsDue(t);
    await t.worker.runOnce();
    expect(partner.received).toHaveLength(3);
    expect(new Set(partner.received.map((r) => r.claims.jti)).size).toBe(1);
    expect(await contactRequest(order.id)).toMatchObject({ status: 'referred' });
    expect(await disclosures(order.id)).toEqual([expect.objectContaining({ attempts: 3, acknowledged_at: expect.any(Date) })]);
    await makeJobsDue(t);
    await t.worker.runOnce();
    expect(partner.received).toHaveLength(3);
  });

  it('goes back to our sales team when the partner never answers 2xx', async () => {
    partner.answers.push(500, 500);
    const { order } = await placeOrder(t, wanted());
    await t.ctx.db.updateTable('jobs').set({ max_attempts: 2 }).where('kind', '=', 'partner.referral').where('done_at', 'is', null).execute();
    await t.worker.runOnce();
    await makeJobsDue(t);
    await t.worker.runOnce();
    expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_failed' });
    await t.worker.runOnce();
    const [fallback] = mailsOf(t, order.number, 'sales_contact_request').filter((m) => /did not go through/.test(m.text));
    expect(fallback!.text).toContain('Rheinland Resellers');
  });

  it('does not follow a redirect elsewhere', async () => {
    const elsewhere = await startPartner(`${t.baseUrl}/.well-known/jwks.json`);
    partner.answers.push(307);
    try {
      const { order } = await placeOrder(t, wanted());
      await t.worker.runOnce();
      expect(elsewhere.received).toEqual([]);
      expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_pending' });
    } finally {
      await elsewhere.close();
    }
  });

  it.each(['http://0.0.0.0', 'https://0.0.0.0'])('never reaches this machine through %s (a URL saved before the rule)', async (origin) => {
    await t.ctx.db
      .updateTable('partners')
      .set({ referral_url: `${origin}:${new URL(partner.url).port}/referrals` })
      .where('id', '=', partnerId)
      .execute();
    try {
      const { order } = await placeOrder(t, wanted());
      const before = partner.connections();
      await t.worker.runOnce();
      expect(partner.connections()).toBe(before);
      expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_pending' });
      expect(await disclosures(order.id)).toEqual([]);
    } finally {
      await t.ctx.db.updateTable('partners').set({ referral_url: partner.url }).where('id', '=', partnerId).execute();
      await t.ctx.db.updateTable('jobs').set({ done_at: new Date() }).where('kind', '=', 'partner.referral').where('done_at', 'is', null).execute();
    }
  });

  it('is kept with our sales team when the partner was deactivated before the referral left', async () => {
    const { order } = await placeOrder(t, wanted());
    await request(t.app).patch(`/api/admin/partners/${partnerId}`).set('Authorization', `Bearer ${admin}`).send({ active: false });
    try {
      await makeJobsDue(t);
      await t.worker.runOnce();
      expect(partner.received).toEqual([]);
      expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_failed' });
      expect(await disclosures(order.id)).toEqual([]);
    } finally {
      await request(t.app).patch(`/api/admin/partners/${partnerId}`).set('Authorization', `Bearer ${admin}`).send({ active: true });
    }
  });
});

describe('nothing goes to a partner', () => {
  it('for an order without contact_me, even in a covered country', async () => {
    const { order } = await placeOrder(t, salesOrder({}, { country: 'DE' }));
    await makeJobsDue(t);
    await t.worker.runOnce();
    expect(partner.received.filter((r) => r.claims.order_number === order.number)).toEqual([]);
    expect(await contactRequest(order.id)).toBeUndefined();
    expect(await disclosures(order.id)).toEqual([]);
  });

  it('for a shopper in a country no active partner covers: the request stays with our sales queue', async () => {
    const { order } = await placeOrder(t, wanted('FR'));
    await t.worker.runOnce();
    expect(partner.received).toEqual([]);
    expect(await contactRequest(order.id)).toMatchObject({ status: 'with_sales', partner_id: null });
    expect(mailsOf(t, order.number, 'sales_contact_request')[0]!.text).toMatch(/No active partner covers FR/);
  });
});

describe('our published keys', () => {
  it('hold the referral key, public members only', async () => {
    const res = await request(t.app).get('/.well-known/jwks.json');
    expect(res.body.keys).toEqual([expect.objectContaining({ kid: t.ctx.keys.referral.kid, kty: 'EC', crv: 'P-256' })]);
    expect(res.body.keys[0]).not.toHaveProperty('d');
  });
});
