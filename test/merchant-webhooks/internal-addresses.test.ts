import request from 'supertest';
import { startProductionApp, testResolver, type ProductionApp } from '../helpers/production-app';
import { makeJobsDue, placeOrder } from '../helpers/sales';
import { deliveryLog } from './helpers';
import { startReceiver, type Receiver } from './receiver';

/** With NODE_ENV=production events go only to public https addresses, as partner referrals do:
 * checked when an admin saves the URL and again when each delivery connects. */
const dns = testResolver();
let t: ProductionApp;
let admin: string;
let receiver: Receiver;
beforeAll(async () => {
  t = await startProductionApp({ resolveHost: dns.resolve });
  admin = await t.staffToken(['admin']);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const create = (url: string) =>
  request(t.app)
    .post('/api/admin/webhooks')
    .set('Authorization', `Bearer ${admin}`)
    .send({ url, event_types: ['order.paid'] });

function expectRefused(res: request.Response) {
  expect(res.status).toBe(422);
  expect(res.type).toBe('application/problem+json');
  expect(res.body.errors).toEqual([expect.objectContaining({ path: 'url' })]);
}

describe('an admin saving a webhook URL in production', () => {
  it.each([
    ['loopback', () => `https://127.0.0.1:${receiver.port}/hooks`],
    ['plain http to loopback', () => receiver.url],
    ['a private address', () => 'https://10.0.0.1/hooks'],
    ['the metadata service', () => 'https://169.254.169.254/latest/meta-data/'],
    ['IPv4-mapped loopback', () => 'https://[::ffff:127.0.0.1]/'],
    ['a single-label name', () => 'https://erp/hooks'],
  ])('is refused for %s', async (_what, url) => {
    expectRefused(await create(url()));
  });

  it('is refused for a name resolving to an internal address, and for one that does not resolve', async () => {
    dns.answer('rebind.merchant-test.net', '93.184.215.14', '127.0.0.1');
    expectRefused(await create('https://rebind.merchant-test.net/hooks'));
    expectRefused(await create('https://nowhere.merchant-test.net/hooks'));
  });

  it('a name public when saved and loopback at delivery gets nothing: the attempt is logged as refused', async () => {
    dns.answer('moving.merchant-test.net', '93.184.215.14');
    const created = await create(`https://moving.merchant-test.net:${receiver.port}/hooks`);
    expect(created.status).toBe(201);
    dns.answer('moving.merchant-test.net', '127.0.0.1');
    const { order } = await placeOrder(t);
    const sales = await t.staffToken(['sales']);
    await request(t.app)
      .post(`/api/staff/orders/${order.id}/payments`)
      .set('Authorization', `Bearer ${sales}`)
      .send({ amount: order.total, currency: order.currency, method: 'bank_transfer', reference: 'TRF 1' })
      .expect(201);
    await t.worker.runOnce();
    await makeJobsDue(t);
    await t.worker.runOnce();

    expect(receiver.received).toEqual([]);
    const [delivery] = await deliveryLog(t, admin, created.body.id);
    expect(delivery!.status).toBe('pending');
    expect(delivery!.attempts).toHaveLength(2);
    expect(delivery!.attempts[0]!.error).toMatch(/^Refused: moving\.merchant-test\.net resolves to 127\.0\.0\.1/);
  });
});
