import request from 'supertest';
import { useTestApp, type TestApp } from '../../helpers/app';

let t: TestApp;
useTestApp((app) => (t = app));

const expectProblem = (res: request.Response, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
};

describe('HTTP plumbing', () => {
  it('serves the demo catalog with seats left, and sets no cookie', async () => {
    const res = await request(t.app).get('/api/products').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    const bySku = Object.fromEntries(res.body.products.map((p: { sku: string }) => [p.sku, p]));
    expect(bySku['TRN-ADMIN']).toMatchObject({ kind: 'training', seats_left: 12, prices: { USD: 89000, EUR: 82000 } });
    expect(bySku['EVT-SUMMIT']).toMatchObject({ kind: 'event', seats_left: 50 });
    expect(bySku['SW-STD']).toMatchObject({ kind: 'software', seats_left: null });
  });

  it('answers malformed JSON with 400 and does not echo the body', async () => {
    const res = await request(t.app).post('/api/orders').set('Content-Type', 'application/json').set('Idempotency-Key', 'k-1').send('{"customer": {"name": "4242 4242 4242 4242"');
    expectProblem(res, 400, 'malformed_json');
    expect(res.text).not.toContain('4242');
  });

  it('answers another media type with 415', async () => {
    const res = await request(t.app).post('/api/orders').set('Content-Type', 'text/plain').send('hello');
    expectProblem(res, 415, 'unsupported_media_type');
  });

  it('answers a body over 32 kB with 413', async () => {
    const res = await request(t.app)
      .post('/api/orders')
      .set('Content-Type', 'application/json')
      .set('Idempotency-Key', 'k-2')
      .send(JSON.stringify({ pad: 'x'.repeat(40_000) }));
    expectProblem(res, 413, 'body_too_large');
  });

  it('answers an unknown field with 422 naming it', async () => {
    const res = await request(t.app)
      .post('/api/orders')
      .set('Idempotency-Key', 'k-3')
      .send({ items: [{ sku: 'SW-STD', quantity: 1 }], currency: 'USD', payment_method: 'sales', customer: { name: 'A', email: 'a@example.com', country: 'US' }, discount: 100 });
    expectProblem(res, 422, 'validation_failed');
    expect(res.body.errors).toEqual([{ path: 'discount', message: 'Unknown field.' }]);
  });

  it('answers an unknown route with 404 and a known path with the wrong method with 405', async () => {
    expectProblem(await request(t.app).get('/api/nothing-here'), 404, 'route_not_found');
    const res = await request(t.app).delete('/api/products');
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('GET');
  });

  it('sets security headers and a request id on every answer', async () => {
    const res = await request(t.app).get('/healthz').expect(200);
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a well-formed request id from a proxy', async () => {
    const res = await request(t.app).get('/healthz').set('X-Request-Id', 'proxy-abc-12345');
    expect(res.headers['x-request-id']).toBe('proxy-abc-12345');
  });

  it('is ready while the database answers, and serves metrics, OpenAPI and docs', async () => {
    await request(t.app).get('/readyz').expect(200);
    await request(t.app).get('/api/products');
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/products",status="200"\} \d+/);
    expect(metrics.text).toContain('db_pool_total_connections');
    const spec = await request(t.app).get('/openapi.json').expect(200);
    expect(spec.body.openapi).toBe('3.1.0');
    expect(spec.body.paths['/api/orders'].post.requestBody.content['application/json'].schema.properties).toHaveProperty('payment_method');
    const docs = await request(t.app).get('/docs').expect(200);
    expect(docs.text).toContain('/docs/docs.js');
    expect(docs.text).not.toMatch(/https?:\/\/(?!handoff)/);
    await request(t.app).get('/docs/docs.js').expect(200);
    const jwks = await request(t.app).get('/.well-known/jwks.json').expect(200);
    expect(jwks.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256' });
    expect(jwks.body.keys[0].d).toBeUndefined();
  });
});
