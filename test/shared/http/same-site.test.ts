import request from 'supertest';
import { startTestApp, type TestApp } from '../../helpers/app';
import { postOrder, ADA_BY_SALES } from '../../helpers/orders';
import { prefillValue, setCookies } from '../../helpers/cookies';

let t: TestApp;
let cookie: string;
beforeAll(async () => {
  t = await startTestApp({ PUBLIC_BASE_URL: 'https://shop.example.com' });
  cookie = `handoff_prefill=${prefillValue(await postOrder(t, { ...ADA_BY_SALES, remember_me: true }).expect(201))}`;
});
afterAll(() => t.close());

const orderCount = async () => (await t.ctx.db.selectFrom('orders').select('id').execute()).length;
const expectRefused = (res: request.Response) => {
  expect(res.status).toBe(403);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('cross_site_request');
  expect(setCookies(res)).toEqual([]);
};

describe('a state-changing request carrying our cookie', () => {
  it('is refused when the browser says it comes from another site', async () => {
    const before = await orderCount();
    expectRefused(await postOrder(t, { ...ADA_BY_SALES, headers: { Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' } }));
    expectRefused(await request(t.app).delete('/api/prefill').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site'));
    expect(await orderCount()).toBe(before);
  });

  it('is refused when its Origin is not ours, including an opaque "null" origin', async () => {
    for (const origin of ['https://evil.example', 'http://shop.example.com', 'https://shop.example.com.evil.example', 'null']) {
      expectRefused(await postOrder(t, { ...ADA_BY_SALES, headers: { Cookie: cookie, Origin: origin } }));
    }
  });

  it('goes through from our own pages', async () => {
    await postOrder(t, { ...ADA_BY_SALES, headers: { Cookie: cookie, Origin: 'https://shop.example.com', 'Sec-Fetch-Site': 'same-origin' } }).expect(201);
    await request(t.app).delete('/api/prefill').set('Cookie', cookie).set('Origin', 'https://SHOP.example.com').expect(204);
  });

  it('goes through when typed or bookmarked (no Origin, Sec-Fetch-Site: none)', async () => {
    await request(t.app).delete('/api/prefill').set('Cookie', cookie).set('Sec-Fetch-Site', 'none').expect(204);
  });
});

describe('requests the guard leaves alone', () => {
  it('reads, even cross-site: they change nothing', async () => {
    const res = await request(t.app).get('/api/prefill').set('Cookie', cookie).set('Sec-Fetch-Site', 'cross-site').set('Origin', 'https://evil.example').expect(200);
    expect(res.body.customer.name).toBe('Ada Lovelace');
  });

  it('API clients without the cookie, from anywhere', async () => {
    await postOrder(t, { ...ADA_BY_SALES, headers: { Origin: 'https://partner-shop.example', 'Sec-Fetch-Site': 'cross-site' } }).expect(201);
  });
});
