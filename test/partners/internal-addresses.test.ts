import request from 'supertest';
import { startProductionApp, testResolver, type ProductionApp } from '../helpers/production-app';
import { makeJobsDue, placeOrder, salesOrder } from '../helpers/sales';
import { startPartner, type PartnerServer } from '../helpers/partner-server';

/** With NODE_ENV=production a referral, which carries a shopper's personal data, goes only to a
 * public https address: checked when an admin saves the URL and again when the referral leaves. */
const dns = testResolver();
let t: ProductionApp;
let admin: string;
let partner: PartnerServer;
beforeAll(async () => {
  t = await startProductionApp({ resolveHost: dns.resolve });
  admin = await t.staffToken(['admin']);
  partner = await startPartner(`${t.baseUrl}/.well-known/jwks.json`);
});
afterAll(async () => {
  await partner.close();
  await t.close();
});

const create = (referral_url: string) =>
  request(t.app)
    .post('/api/admin/partners')
    .set('Authorization', `Bearer ${admin}`)
    .send({ name: 'Rheinland Resellers', countries: ['DE'], referral_url });
const change = (id: string, body: Record<string, unknown>) => request(t.app).patch(`/api/admin/partners/${id}`).set('Authorization', `Bearer ${admin}`).send(body);
const partnerCount = async () =>
  (
    await t.ctx.db
      .selectFrom('partners')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
const partnerPort = () => new URL(partner.url).port;

function expectRefused(res: request.Response) {
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'referral_url' })]);
}

describe('an admin saving a referral URL in production', () => {
  it.each([
    ['the metadata service', 'https://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['a private address', 'https://10.0.0.1/'],
    ['another private range', 'https://172.16.5.4/'],
    ['a home network', 'https://192.168.1.1/'],
    ['a unique-local IPv6 address', 'https://[fd00::1]/'],
    ["AWS's IPv6 metadata address", 'https://[fd00:ec2::254]/'],
    ['the unspecified address', 'https://0.0.0.0:5432/'],
    ['the unspecified IPv6 address', 'https://[::]/'],
    ['decimal loopback over http', 'http://2130706433:5432/'],
    ['decimal loopback', 'https://2130706433:5432/'],
    ['hex loopback', 'https://0x7f000001/'],
    ['short hex loopback', 'https://0x7f.1/'],
    ['short loopback', 'https://127.1/'],
    ['octal loopback', 'https://0177.0.0.1/'],
    ['long octal loopback', 'https://017700000001/'],
    ['percent-encoded loopback', 'https://%31%32%37.0.0.1/'],
    ['loopback with a trailing dot', 'https://127.0.0.1./'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv4-mapped loopback in hex', 'https://[::ffff:7f00:1]/'],
    ['IPv4-compatible loopback', 'https://[::127.0.0.1]/'],
    ['IPv4-mapped metadata address', 'https://[::ffff:169.254.169.254]/'],
    ['NAT64 form of the metadata address', 'https://[64:ff9b::a9fe:a9fe]/'],
    ['6to4 form of a private address', 'https://[2002:a00:1::]/'],
    ['an IPv6 link-local address', 'https://[fe80::1]/'],
    ['carrier-grade NAT', 'https://100.64.0.1/'],
    ["Alibaba Cloud's metadata address (CGNAT range)", 'https://100.100.100.200/latest/meta-data/'],
    ['IPv4 link-local', 'https://169.254.10.10/'],
    ['multicast', 'https://224.0.0.1/'],
    ['IPv6 multicast', 'https://[ff02::1]/'],
    ['the broadcast address', 'https://255.255.255.255/'],
    ['a documentation address', 'https://192.0.2.10/'],
    ['a benchmarking address', 'https://198.18.0.1/'],
    ["Google's metadata name", 'https://metadata.google.internal/computeMetadata/v1/'],
    ["Google's metadata name with a trailing dot", 'https://metadata.google.internal./computeMetadata/v1/'],
    ['the bare metadata name', 'https://metadata/'],
    ["AWS's instance-data name", 'https://instance-data/latest/meta-data/'],
    ['localhost', 'https://localhost/'],
    ['a .internal name', 'https://billing.corp.internal/'],
    ['a single-label name', 'https://intranet/'],
    ['plain http to a public name', 'http://partner.example.com/referrals'],
  ])('refuses %s with 422 naming referral_url, and saves nothing', async (_what, url) => {
    const before = await partnerCount();
    expectRefused(await create(url));
    expect(await partnerCount()).toBe(before);
  });

  it('refuses a name that resolves to an internal address, or to an internal one among public ones', async () => {
    dns.answer('rebind.partner-test.net', '93.184.215.14', '127.0.0.1');
    dns.answer('private.partner-test.net', '10.1.2.3');
    dns.answer('v6.partner-test.net', '2606:2800:21f:cb07:6820:80da:af6b:8b2c', '::ffff:169.254.169.254');
    for (const host of ['rebind', 'private', 'v6']) {
      const res = await create(`https://${host}.partner-test.net/referrals`);
      expectRefused(res);
      expect(res.body.errors[0].message).toMatch(/resolves to .*(127\.0\.0\.1|10\.1\.2\.3|169\.254\.169\.254)/);
    }
  });

  it('refuses a name that does not resolve (422), and answers 503 with Retry-After when DNS cannot answer now', async () => {
    expectRefused(await create('https://nowhere.partner-test.net/referrals'));
    dns.fail('flaky.partner-test.net', 'EAI_AGAIN');
    const res = await create('https://flaky.partner-test.net/referrals');
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBeDefined();
  });

  it('accepts a name resolving only to public addresses, and a public address literal', async () => {
    dns.answer('partner.partner-test.net', '93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c');
    expect((await create('https://partner.partner-test.net/referrals')).status).toBe(201);
    expect((await create('https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/referrals')).status).toBe(201);
    expect((await create('https://8.8.8.8/referrals')).status).toBe(201);
  });

  it('refuses the same addresses when a partner is changed', async () => {
    dns.answer('fine.partner-test.net', '93.184.215.14');
    const { body } = await create('https://fine.partner-test.net/referrals');
    dns.answer('fine.partner-test.net', '10.0.0.7');
    expectRefused(await change(body.id, { referral_url: 'https://fine.partner-test.net/referrals' }));
    expectRefused(await change(body.id, { referral_url: 'https://[::ffff:7f00:1]/' }));
    expect((await change(body.id, { active: false })).status).toBe(200);
  });
});

describe('a referral leaving in production', () => {
  const contactRequest = (orderId: string) => t.ctx.db.selectFrom('contact_requests').selectAll().where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const referralJob = (orderId: string) =>
    t.ctx.db.selectFrom('jobs').selectAll().where('kind', '=', 'partner.referral').where('dedupe_key', 'like', `referral:${orderId}:%`).executeTakeFirstOrThrow();

  /** Only one active partner covers DE at a time, so each test sees its own. */
  async function onlyPartner(referralUrl: string): Promise<string> {
    await t.ctx.db.updateTable('partners').set({ active: false }).execute();
    const res = await create(referralUrl);
    expect(res.status).toBe(201);
    return res.body.id;
  }

  it('does not contact a partner whose name resolved to a public address when saved and to loopback now', async () => {
    dns.answer('moving.partner-test.net', '93.184.215.14');
    await onlyPartner(`https://moving.partner-test.net:${partnerPort()}/referrals`);
    const { order } = await placeOrder(t, salesOrder({ contact_me: true }));
    dns.answer('moving.partner-test.net', '127.0.0.1');
    const connectionsBefore = partner.connections();

    await t.worker.runOnce();

    expect(partner.connections()).toBe(connectionsBefore);
    expect(partner.received).toEqual([]);
    expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_pending' });
    expect((await referralJob(order.id)).last_error).toMatch(/moving\.partner-test\.net resolves to 127\.0\.0\.1/);
    expect(await t.ctx.db.selectFrom('disclosures').selectAll().where('order_id', '=', order.id).execute()).toEqual([]);
    expect(t.logs()).toContain('referral refused');
  });

  it.each([
    ['0.0.0.0 written as the address', () => `https://0.0.0.0:${partnerPort()}/referrals`],
    ['a name that now resolves to 0.0.0.0', () => `https://zero.partner-test.net:${partnerPort()}/referrals`],
    ['decimal loopback saved before these rules', () => `https://2130706433:${partnerPort()}/referrals`],
  ])('never reaches this machine through %s', async (_what, url) => {
    dns.answer('zero.partner-test.net', '93.184.215.14');
    const id = await onlyPartner('https://zero.partner-test.net/referrals');
    // As a URL saved before the check existed would be: straight into the table.
    await t.ctx.db.updateTable('partners').set({ referral_url: url() }).where('id', '=', id).execute();
    dns.answer('zero.partner-test.net', '0.0.0.0');
    const { order } = await placeOrder(t, salesOrder({ contact_me: true }));
    const connectionsBefore = partner.connections();

    await t.worker.runOnce();
    await makeJobsDue(t);
    await t.worker.runOnce();

    expect(partner.connections()).toBe(connectionsBefore);
    expect(await contactRequest(order.id)).toMatchObject({ status: 'referral_pending' });
  });
});
