import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/app';
import { staffToken } from '../helpers/staff-token';
import { postOrder, ADA_BY_SALES } from '../helpers/orders';

const expect429 = (res: request.Response, maxSeconds: number) => {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, code: 'rate_limited' });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(maxSeconds);
};

describe('order creation, limited per client address', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, creates nothing more, and leaves browsing alone', async () => {
    for (let i = 0; i < 3; i++) await postOrder(t, { ...ADA_BY_SALES, headers: { 'X-Forwarded-For': '203.0.113.10' } }).expect(201);
    const before = await t.ctx.db.selectFrom('orders').select('id').execute();
    expect429(await postOrder(t, { ...ADA_BY_SALES, headers: { 'X-Forwarded-For': '203.0.113.10' } }), 60);
    expect(await t.ctx.db.selectFrom('orders').select('id').execute()).toHaveLength(before.length);
    await request(t.app).get('/api/products').set('X-Forwarded-For', '203.0.113.10').expect(200);
  });

  it('counts each client behind the trusted proxy apart (TRUST_PROXY)', async () => {
    await postOrder(t, { ...ADA_BY_SALES, headers: { 'X-Forwarded-For': '203.0.113.11' } }).expect(201);
  });
});

describe('an untrusted X-Forwarded-For', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_ORDERS_PER_MINUTE: '2', TRUST_PROXY: 'false' });
  });
  afterAll(() => t.close());

  it('does not let a client escape the limit by inventing addresses', async () => {
    await postOrder(t, { ...ADA_BY_SALES, headers: { 'X-Forwarded-For': '198.51.100.1' } }).expect(201);
    await postOrder(t, { ...ADA_BY_SALES, headers: { 'X-Forwarded-For': '198.51.100.2' } }).expect(201);
    expect429(await postOrder(t, { ...ADA_BY_SALES, headers: { 'X-Forwarded-For': '198.51.100.3' } }), 60);
    // The limiter's warning about the header goes to the service log, where operators look.
    expect(t.logs()).toContain('ERR_ERL_UNEXPECTED_X_FORWARDED_FOR');
  });
});

describe('failed staff sign-ins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_FAILED_SIGNINS_PER_15_MIN: '3' });
  });
  afterAll(() => t.close());
  const staffGet = (token: string | undefined, from: string) => {
    const req = request(t.app).get('/api/staff/orders').set('X-Forwarded-For', from);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };

  it('never count signed-in work, however busy', async () => {
    const sales = await staffToken(t, ['sales']);
    for (let i = 0; i < 6; i++) await staffGet(sales, '192.0.2.1').expect(200);
    await staffGet('not-a-token', '192.0.2.1').expect(401);
    await staffGet(sales, '192.0.2.1').expect(200);
  });

  it('lock the address out of every staff route with 429 and Retry-After after the limit, except for a good token', async () => {
    for (let i = 0; i < 3; i++) await staffGet(i % 2 ? undefined : 'forged.token.here', '192.0.2.2').expect(401);
    expect429(await staffGet('forged.token.here', '192.0.2.2'), 15 * 60);
    expect429(await request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts' }).set('X-Forwarded-For', '192.0.2.2'), 15 * 60);
    await staffGet(await staffToken(t, ['sales']), '192.0.2.2').expect(200);
    await staffGet(await staffToken(t, ['sales']), '192.0.2.3').expect(200);
    await request(t.app).get('/api/products').set('X-Forwarded-For', '192.0.2.2').expect(200);
  });

  it('never refuse a valid token, even after 25 failures from its address', async () => {
    for (let i = 0; i < 25; i++) {
      const res = await staffGet('forged.token.here', '192.0.2.4');
      expect([401, 429]).toContain(res.status);
    }
    expect429(await staffGet(undefined, '192.0.2.4'), 15 * 60);
    const sales = await staffToken(t, ['sales']);
    await staffGet(sales, '192.0.2.4').expect(200);
    // Signed-in work there does not wear the lockout down either: failures still answer 429.
    await staffGet(sales, '192.0.2.4').expect(200);
    expect429(await staffGet('forged.token.here', '192.0.2.4'), 15 * 60);
  });
});
