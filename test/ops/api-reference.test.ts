import request from 'supertest';
import type { z } from 'zod';
import { buildApiDocument } from '../../scripts/openapi-document';
import { createOrderBody } from '../../src/orders/orders.schemas';
import { refundBody } from '../../src/refunds/refunds.schemas';
import { clearFlagBody, extendHoldBody, recordPaymentBody } from '../../src/sales-desk/sales-desk.schemas';
import { gpcAnswer, healthAnswer, jwksAnswer, readyAnswer } from '../../src/ops/ops.schemas';
import { useTestApp, type TestApp } from '../helpers/app';
import { ORDERS_CSV_COLUMNS } from '../helpers/csv';

type Json = Record<string, any>;
interface Op {
  path: string;
  method: string;
  op: Json;
}

let t: TestApp;
let spec: Json;
let ops: Op[];
useTestApp((app) => (t = app));
beforeAll(async () => {
  spec = (await request(t.app).get('/openapi.json').expect(200)).body;
  ops = Object.entries(spec.paths as Record<string, Json>).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Json })));
});

const opAt = (method: string, path: string): Json => spec.paths[path][method];
const STAFF_PREFIXES = ['/api/staff/', '/api/admin/', '/api/finance/', '/api/checkin'];
/** What a shopper reads or changes with the order_token of their order. */
const ORDER_TOKEN_PATHS = [
  '/api/orders/{id}',
  '/api/orders/{id}/delivery',
  '/api/orders/{id}/attendees/{seat_id}',
  '/api/orders/{id}/licences/{licence_id}/download-links',
  '/api/orders/{id}/documents',
  '/api/orders/{id}/documents/{number}',
];

/** Every value under `key` anywhere in the document. */
function valuesOf(node: unknown, key: string): unknown[] {
  if (Array.isArray(node)) return node.flatMap((n) => valuesOf(n, key));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => [...(k === key ? [v] : []), ...valuesOf(v, key)]);
}

describe('the API document', () => {
  it('is the one the linter lints: built offline, it equals what the app serves', async () => {
    expect(await buildApiDocument()).toEqual(spec);
  });

  it('names every operation with a unique camelCase operationId', () => {
    expect(ops.length).toBeGreaterThanOrEqual(34);
    const ids = ops.map(({ op }) => op.operationId);
    for (const id of ids) expect(id).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(opAt('post', '/api/orders').operationId).toBe('postOrders');
    expect(opAt('get', '/orders/{id}').operationId).toBe('getOrderPage');
  });

  it('says on every operation who may call it: staff bearer, order_token, or nobody in particular', () => {
    expect(Object.keys(spec.components.securitySchemes).sort()).toEqual(['order_token', 'staff']);
    for (const { path, op } of ops) {
      const expected = STAFF_PREFIXES.some((p) => path.startsWith(p)) ? [{ staff: [] }] : ORDER_TOKEN_PATHS.includes(path) ? [{ order_token: [] }] : [];
      expect([path, op.security]).toEqual([path, expected]);
    }
  });

  it('names the server it describes', () => {
    expect(spec.servers).toEqual([{ url: t.ctx.config.http.publicBaseUrl, description: expect.any(String) }]);
  });

  it('describes every answer, with a schema for every body, a success and at least one 4xx', () => {
    for (const { path, method, op } of ops) {
      const codes = Object.keys(op.responses);
      expect([path, method, codes.some((c) => /^[23]\d\d$/.test(c))]).toEqual([path, method, true]);
      expect([path, method, codes.some((c) => /^4\d\d$/.test(c))]).toEqual([path, method, true]);
      for (const [code, resp] of Object.entries(op.responses as Record<string, Json>)) {
        expect([path, code, typeof resp.description]).toEqual([path, code, 'string']);
        for (const [type, media] of Object.entries((resp.content ?? {}) as Record<string, Json>)) {
          expect([path, code, type, media.schema && Object.keys(media.schema).length > 0]).toEqual([path, code, type, true]);
        }
      }
    }
  });

  it('names the shared shapes as components, and every reference resolves', () => {
    const names = Object.keys(spec.components.schemas);
    for (const name of [
      'Problem',
      'Order',
      'OrderItem',
      'Customer',
      'NextStep',
      'PlacedOrder',
      'Product',
      'AdminProduct',
      'Payment',
      'Refund',
      'RefundSummary',
      'StaffOrder',
      'StaffOrderDetail',
      'Partner',
      'SubjectExport',
      'StripeEvent',
      'Jwks',
    ]) {
      expect(names).toContain(name);
    }
    for (const ref of valuesOf(spec, '$ref')) expect(names).toContain(String(ref).replace('#/components/schemas/', ''));
    expect(opAt('get', '/api/orders/{id}').responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Order' });
    expect(opAt('get', '/api/products').responses['200'].content['application/json'].schema.properties.products.items).toEqual({ $ref: '#/components/schemas/Product' });
  });

  it('carries no JSON Schema dialect line or local $defs: OpenAPI 3.1 sets the dialect', () => {
    expect(valuesOf(spec, '$schema')).toEqual([]);
    expect(valuesOf(spec, '$defs')).toEqual([]);
  });

  it('describes the CSV exports, HTML pages and text answers as what they are', () => {
    const csv = opAt('get', '/api/finance/orders.csv').responses['200'];
    expect(Object.keys(csv.content)).toEqual(['text/csv']);
    for (const column of ORDERS_CSV_COLUMNS) {
      expect(csv.description).toContain(column);
      expect(csv.content['text/csv'].example).toContain(column);
    }
    expect(opAt('get', '/api/finance/order-lines.csv').responses['200'].description).toContain('tax_rate');
    for (const [method, path, code] of [
      ['get', '/orders/{id}', '200'],
      ['get', '/docs', '200'],
      ['get', '/api/unsubscribe', '200'],
      ['get', '/api/unsubscribe', '400'],
    ] as const) {
      expect(opAt(method, path).responses[code].content).toEqual({ 'text/html': { schema: { type: 'string' } } });
    }
    expect(opAt('get', '/metrics').responses['200'].content).toEqual({ 'text/plain': { schema: { type: 'string' } } });
    expect(Object.keys(opAt('post', '/api/unsubscribe').responses['400'].content)).toEqual(['application/problem+json']);
  });

  it('describes the signed webhook body and the one-click unsubscribe form', () => {
    const webhook = opAt('post', '/api/webhooks/stripe');
    expect(webhook.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/StripeEvent' });
    expect(webhook.parameters).toContainEqual(expect.objectContaining({ name: 'Stripe-Signature', in: 'header', required: true }));
    const unsubscribe = opAt('post', '/api/unsubscribe').requestBody;
    expect(unsubscribe.content['application/x-www-form-urlencoded'].schema.properties['List-Unsubscribe']).toMatchObject({ const: 'One-Click' });
  });

  it('gives the operations answers and the subject export a schema', () => {
    for (const path of ['/healthz', '/readyz', '/.well-known/jwks.json', '/.well-known/gpc.json', '/openapi.json']) {
      expect([path, opAt('get', path).responses['200'].content['application/json'].schema]).toEqual([path, expect.any(Object)]);
    }
    expect(opAt('get', '/api/admin/privacy/subjects').responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/SubjectExport' });
  });

  it('shows examples of placing an order, recording a payment, refunding, extending a hold and clearing a flag that the routes accept', () => {
    const cases: Array<[string, string, z.ZodType]> = [
      ['post', '/api/orders', createOrderBody],
      ['post', '/api/staff/orders/{id}/payments', recordPaymentBody],
      ['post', '/api/staff/orders/{id}/refunds', refundBody],
      ['post', '/api/staff/orders/{id}/hold', extendHoldBody],
      ['post', '/api/staff/orders/{id}/clear-flag', clearFlagBody],
    ];
    for (const [method, path, schema] of cases) {
      const examples = Object.values(opAt(method, path).requestBody.content['application/json'].examples as Record<string, { value: unknown }>);
      expect(examples.length).toBeGreaterThanOrEqual(2);
      for (const { value } of examples) expect([path, schema.safeParse(value).success]).toEqual([path, true]);
    }
  });

  it('documents parameters without their own schema dialect and with their descriptions', () => {
    const params = opAt('get', '/api/finance/orders.csv').parameters as Json[];
    expect(params.find((p) => p.name === 'from')).toMatchObject({ in: 'query', required: false, description: expect.stringContaining('YYYY-MM-DD') });
    expect(opAt('get', '/api/orders/{id}').parameters).toContainEqual(
      expect.objectContaining({ name: 'id', in: 'path', required: true, schema: expect.objectContaining({ format: 'uuid' }) }),
    );
  });
});

describe('what the operations answers hold', () => {
  it('matches their documented shapes', async () => {
    healthAnswer.parse((await request(t.app).get('/healthz').expect(200)).body);
    readyAnswer.parse((await request(t.app).get('/readyz').expect(200)).body);
    jwksAnswer.parse((await request(t.app).get('/.well-known/jwks.json').expect(200)).body);
    gpcAnswer.parse((await request(t.app).get('/.well-known/gpc.json').expect(200)).body);
  });
});

describe('the reference page', () => {
  it('loads the renderer and its stylesheet from this origin, under the app’s own strict CSP', async () => {
    const page = await request(t.app)
      .get('/docs')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.text).toContain('<script src="/docs/scalar.js"></script>');
    expect(page.text).toMatch(/<link rel="stylesheet" href="\/docs\/scalar.css" ?\/?>/);
    expect(page.text).not.toMatch(/<style|style=|<script>/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';style-src 'self';/);
    const script = await request(t.app)
      .get('/docs/scalar.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    expect(script.text.length).toBeGreaterThan(100_000);
    await request(t.app)
      .get('/docs/scalar.css')
      .expect(200)
      .expect('Content-Type', /text\/css/);
    const init = await request(t.app).get('/docs/docs.js').expect(200);
    expect(init.text).toContain("url: '/openapi.json'");
    expect(init.text).toContain('telemetry: false');
  });
});
