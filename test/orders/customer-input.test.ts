import { useTestApp, type TestApp } from '../helpers/app';
import request from 'supertest';
import { ADA, postOrder, ADA_BY_SALES } from '../helpers/orders';
import { prefillValue } from '../helpers/cookies';

let t: TestApp;
useTestApp((app) => (t = app));

const UNSAFE: Array<[string, string]> = [
  ['NUL', '\u0000'],
  ['a bell (C0 control)', '\u0007'],
  ['an escape (terminal sequences)', '\u001b[31m'],
  ['DEL', '\u007f'],
  ['a C1 control', '\u0085'],
  ['a right-to-left mark', '\u200f'],
  ['a left-to-right embedding', '\u202a'],
  ['a right-to-left override', '\u202e'],
  ['a first-strong isolate', '\u2068'],
  ['a pop directional isolate', '\u2069'],
  ['a line break', '\n'],
];

describe('names and companies', () => {
  it.each(UNSAFE)('refuse %s with 422 naming the field, and store nothing', async (_label, ch) => {
    const before = (await t.ctx.db.selectFrom('orders').select('id').execute()).length;
    for (const field of ['name', 'company'] as const) {
      const res = await postOrder(t, { ...ADA_BY_SALES, customer: { ...ADA, [field]: `Ada${ch}Lovelace` } }).expect(422);
      expect(res.body.errors).toEqual([{ path: `customer.${field}`, message: expect.any(String) }]);
      expect(res.text).not.toContain(ch);
    }
    expect(await t.ctx.db.selectFrom('orders').select('id').execute()).toHaveLength(before);
  });

  it('accept letters of every script, accents and apostrophes', async () => {
    for (const name of ["Zoë O'Brien-Łukasiewicz", '山田 太郎', 'محمد علي', 'Ἀριστοτέλης']) {
      await postOrder(t, { ...ADA_BY_SALES, customer: { ...ADA, name } }).expect(201);
    }
  });
});

describe('email addresses', () => {
  it('are stored, consented and remembered trimmed and in lower case', async () => {
    const res = await postOrder(t, { ...ADA_BY_SALES, customer: { ...ADA, email: '  Ada.Lovelace@Example.ORG ' }, marketing_opt_in: true, remember_me: true }).expect(201);
    const order = await t.ctx.db.selectFrom('orders').select('customer_email').where('id', '=', res.body.order.id).executeTakeFirstOrThrow();
    expect(order.customer_email).toBe('ada.lovelace@example.org');
    const consent = await t.ctx.db.selectFrom('consents').select('email').where('order_id', '=', res.body.order.id).executeTakeFirstOrThrow();
    expect(consent.email).toBe('ada.lovelace@example.org');
    const prefill = await request(t.app)
      .get('/api/prefill')
      .set('Cookie', `handoff_prefill=${prefillValue(res)}`)
      .expect(200);
    expect(prefill.body.customer.email).toBe('ada.lovelace@example.org');
  });

  it('are refused when they are not addresses', async () => {
    for (const email of ['ada', 'ada@', '@example.org', 'ada@example', 'a b@example.org', 'ada@exa\u0000mple.org']) {
      const res = await postOrder(t, { ...ADA_BY_SALES, customer: { ...ADA, email } }).expect(422);
      expect(res.body.errors).toEqual([{ path: 'customer.email', message: expect.any(String) }]);
    }
  });
});
