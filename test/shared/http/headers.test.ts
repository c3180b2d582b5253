import request from 'supertest';
import { useTestApp, type TestApp } from '../../helpers/app';
import { postOrder, ADA_BY_SALES } from '../../helpers/orders';

let t: TestApp;
let orderPage: string;
useTestApp((app) => (t = app));
beforeAll(async () => {
  const placed = await postOrder(t, ADA_BY_SALES).expect(201);
  orderPage = `/orders/${placed.body.order.id}?token=${placed.body.order_token}`;
});

describe('security headers', () => {
  const routes = () =>
    [
      ['JSON', request(t.app).get('/api/products')],
      ['an HTML page', request(t.app).get(orderPage)],
      ['the unsubscribe page', request(t.app).get('/api/unsubscribe?token=x')],
      ['an error', request(t.app).get('/api/nowhere')],
      ['a refused body', request(t.app).post('/api/orders').set('Content-Type', 'text/plain').send('x')],
      ['the docs', request(t.app).get('/docs')],
    ] as const;

  it('are on every kind of answer', async () => {
    for (const [label, pending] of routes()) {
      const res = await pending;
      const h = res.headers;
      expect([label, h['strict-transport-security']]).toEqual([label, expect.stringMatching(/max-age=(\d{8,}); includeSubDomains/)]);
      expect(Number(/max-age=(\d+)/.exec(h['strict-transport-security']!)![1])).toBeGreaterThanOrEqual(31_536_000);
      expect([label, h['x-content-type-options']]).toEqual([label, 'nosniff']);
      expect([label, h['content-security-policy']]).toEqual([label, expect.stringContaining("default-src 'none'")]);
      expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(h['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect([label, h['x-powered-by']]).toEqual([label, undefined]);
      expect([label, h['x-request-id']]).toEqual([label, expect.stringMatching(/^[\w.-]{8,128}$/)]);
      expect(h['referrer-policy']).toBe('no-referrer');
    }
  });

  it('echo a well-formed X-Request-Id from a proxy and replace a malformed one', async () => {
    const kept = await request(t.app).get('/healthz').set('X-Request-Id', 'edge-abc.123_XYZ');
    expect(kept.headers['x-request-id']).toBe('edge-abc.123_XYZ');
    const replaced = await request(t.app).get('/healthz').set('X-Request-Id', 'bad id <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
