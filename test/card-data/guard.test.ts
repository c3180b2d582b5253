import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { CARD_MASK, cardGuard, containsCardNumber, sanitizeParseError, scrubParserErrors } from '../../src/card-data';
import { jsonBody } from '../../src/shared/http/body';
import { errorHandler } from '../../src/shared/http/problem';

/** The guard between the app's own JSON parser and error handler, in front of a route that
 * answers 200 to anything that gets through. */
function guardedApp() {
  const app = express();
  app.use(jsonBody, cardGuard());
  app.all('/{*rest}', (_req, res) => {
    res.json({ ok: true });
  });
  app.use(errorHandler);
  return app;
}

const app = guardedApp();

/** A 422 naming exactly these paths, with no card number anywhere in the answer. */
function expectRefused(res: request.Response, paths: string[]) {
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body.code).toBe('card_data_refused');
  expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(paths);
  expect(containsCardNumber(res.text)).toBe(false);
  expect(res.text).not.toMatch(/\d{4}/);
}

describe('requests carrying card data are refused with 422 naming the field', () => {
  test('a card number in a body field', async () => {
    const res = await request(app)
      .post('/api/orders')
      .send({ customer: { name: 'Ann', company: '4242 4242 4242 4242' } });
    expectRefused(res, ['customer.company']);
    expect(res.body.errors[0].message).toMatch(/card number/);
  });

  test('a card-shaped field name, whatever it holds', async () => {
    const res = await request(app)
      .post('/api/orders')
      .send({ payment: { cardNumber: 'see phone', cvc: 123 } });
    expectRefused(res, ['payment.cardNumber', 'payment.cvc']);
  });

  test('a card number in a nested array, as text and as a JSON number', async () => {
    const res = await request(app)
      .post('/api/orders')
      .send({
        items: [
          { sku: 'SW-PRO', quantity: 4242424242424242 },
          { sku: 'TR-101', notes: ['ok', '5555-5555-5555-4444'] },
        ],
      });
    expectRefused(res, ['items.0.quantity', 'items.1.notes.1']);
  });

  test('a 19-digit card number sent as a JSON number, whose last digits JSON parsing loses', async () => {
    const res = await request(app).post('/api/orders').type('application/json').send('{"reference": 6205500000000000004}');
    expectRefused(res, ['reference']);
  });

  test('a card number written in other scripts and with invisible characters', async () => {
    const res = await request(app)
      .post('/api/orders')
      .send({ a: '４２４２ ４２４２ ４２４２ ４２４２', b: '٤٢٤٢ ٤٢٤٢ ٤٢٤٢ ٤٢٤٢', c: '4242\u200b4242\u200b4242\u200b4242', d: '4242\u00ad4242\u00a04242 4242' });
    expectRefused(res, ['a', 'b', 'c', 'd']);
  });

  test('a key that is itself a card number is named without its digits', async () => {
    const res = await request(app)
      .post('/api/orders')
      .send({ notes: { '4111 1111 1111 1111': 'mine' } });
    expectRefused(res, [`notes.${CARD_MASK}`]);
  });

  test('a card number in the query string, encoded either way, and a card field as a parameter', async () => {
    expectRefused(await request(app).get('/api/products?q=4242+4242+4242+4242'), ['query.q']);
    expectRefused(await request(app).get('/api/products?q=3782%20822463%2010005'), ['query.q']);
    expectRefused(await request(app).get('/api/products?cvv=123&tag=a&tag=6011111111111117'), ['query.cvv', 'query.tag.1']);
  });

  test('a card number in a path segment', async () => {
    expectRefused(await request(app).get('/api/orders/4242-4242-4242-4242'), ['path']);
    expectRefused(await request(app).get('/orders/4242%204242%204242%204242/page'), ['path']);
  });

  test('a card number as the idempotency key', async () => {
    const res = await request(app).post('/api/orders').set('Idempotency-Key', '4242424242424242').send({});
    expectRefused(res, ['headers.idempotency-key']);
  });

  test('card data in several places is all named in one answer', async () => {
    const res = await request(app).post('/api/orders/4242424242424242?pan=1').send({ note: '4242424242424242' });
    expectRefused(res, ['note', 'query.pan', 'path']);
  });
});

describe('look-alikes pass the guard', () => {
  test('order numbers, phones, IBANs, timestamps, UUIDs and amounts in the body', async () => {
    const res = await request(app)
      .post('/api/orders')
      .set('Idempotency-Key', '123e4567-e89b-12d3-a456-426614174000')
      .send({
        items: [{ sku: 'EV-2026', quantity: 2 }],
        customer: { name: 'Ann Lee', phone: '+49 1512 3456704', country: 'DE' },
        reference: 'HO-2026-000123 / HO-7K3F9Q',
        iban: 'DE89 3704 0044 0532 0130 00',
        at: 1767225655433,
        amount: 4900,
      });
    expect(res.status).toBe(200);
  });

  test('look-alikes in the query string and the path, and a request with no body', async () => {
    expect((await request(app).get('/api/staff/orders?cursor=1767225655433&limit=50')).status).toBe(200);
    expect((await request(app).get('/orders/HO-2026-000123')).status).toBe(200);
    expect((await request(app).get('/api/orders/123e4567-e89b-12d3-a456-426614174000')).status).toBe(200);
  });
});

describe('sanitizeParseError', () => {
  const parseErrors: unknown[] = [];
  const captured = express();
  const keep: ErrorRequestHandler = (err, _req, res, _next) => {
    parseErrors.push(sanitizeParseError(err));
    res.status(400).end();
  };
  captured.use(jsonBody, keep);

  test('drops the raw text body-parser attaches and the quoted text in the message', async () => {
    await request(captured).post('/').type('application/json').send('{"note": x4242424242424242 }');
    const err = parseErrors.pop() as Error & { body?: unknown };
    expect(err).toBeInstanceOf(SyntaxError);
    expect('body' in err).toBe(false);
    expect(err.message).toBe("Unexpected token 'x' is not valid JSON");
    expect(err.stack).not.toContain('4242');
  });

  test('masks card numbers in other messages and leaves non-objects alone', () => {
    const err = sanitizeParseError(Object.assign(new Error('bad 4242 4242 4242 4242'), { body: 'raw' }));
    expect(err.message).toBe(`bad ${CARD_MASK}`);
    expect(err.stack).not.toContain('4242 4242');
    expect(sanitizeParseError('text')).toBe('text');
  });
});

describe('scrubParserErrors', () => {
  const seen: unknown[] = [];
  const scrubbed = express();
  scrubbed.use(jsonBody);
  scrubbed.use(scrubParserErrors, ((err, _req, res, _next) => {
    seen.push(err);
    res.status(400).end();
  }) as ErrorRequestHandler);

  test('scrubs body-parser errors on their way to the error handler, whichever route raised them', async () => {
    await request(scrubbed).post('/').type('application/json').send('{"note": x4242424242424242 }');
    const err = seen.pop() as Error & { body?: unknown };
    expect('body' in err).toBe(false);
    expect(err.message).toBe("Unexpected token 'x' is not valid JSON");
  });
});
