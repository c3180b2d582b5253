import { randomBytes } from 'node:crypto';
import { base64url, EncryptJWT, SignJWT } from 'jose';
import request from 'supertest';
import { loadDevCookieKeys, parseCookieKeys, sealPrefill } from '../../src/privacy';
import { startTestApp, type TestApp } from '../helpers/app';
import { prefillValue, setCookies } from '../helpers/cookies';
import { ADA, postOrder, ADA_BY_SALES } from '../helpers/orders';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const remembered = { name: ADA.name, email: ADA.email, company: ADA.company, country: ADA.country, phone: ADA.phone };
const withCookie = (value: string) => request(t.app).get('/api/prefill').set('Cookie', `handoff_prefill=${value}`);
const expectCleared = (res: request.Response) => {
  const line = setCookies(res).find((c) => c.startsWith('handoff_prefill='));
  expect(line).toMatch(/^handoff_prefill=;/);
  expect(line).toMatch(/Expires=Thu, 01 Jan 1970/);
  expect(line).toMatch(/Path=\/api/);
};

describe('remember me', () => {
  it('sets one encrypted, HttpOnly, SameSite=Lax cookie scoped to /api when the order asks for it', async () => {
    const res = await postOrder(t, { ...ADA_BY_SALES, remember_me: true }).expect(201);
    const cookies = setCookies(res);
    expect(cookies).toHaveLength(1);
    const [line] = cookies;
    expect(line).toMatch(/^handoff_prefill=[\w-]+\.\.[\w-]+\.[\w-]+\.[\w-]+;/);
    expect(line).toMatch(/; Path=\/api(;|$)/);
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).toMatch(/; Max-Age=7776000/);
    expect(line).not.toMatch(/Secure/);
    // Nothing typed is readable in it: the whole values (a short pattern such as "Ada" turned up in
    // random ciphertext once), and a compact JWE holds base64url and dots only.
    for (const value of [ADA.name, ADA.email, ADA.company, ADA.phone]) expect(line).not.toContain(value);
    expect(line).toMatch(/^handoff_prefill=[A-Za-z0-9_.-]+;/);
  });

  it('gives the details back to GET /api/prefill, and DELETE forgets them', async () => {
    const value = prefillValue(await postOrder(t, { ...ADA_BY_SALES, remember_me: true }).expect(201));
    const got = await withCookie(value).expect(200);
    expect(got.body).toEqual({ customer: remembered });
    expect(got.headers['cache-control']).toBe('no-store');
    expect(setCookies(got)).toEqual([]);
    const forgot = await request(t.app).delete('/api/prefill').set('Cookie', `handoff_prefill=${value}`).expect(204);
    expectCleared(forgot);
  });

  it('remembers nothing without remember_me, or when the browser sends Sec-GPC: 1', async () => {
    expect(setCookies(await postOrder(t, ADA_BY_SALES).expect(201))).toEqual([]);
    expect(setCookies(await postOrder(t, { ...ADA_BY_SALES, remember_me: false }).expect(201))).toEqual([]);
    expect(setCookies(await postOrder(t, { ...ADA_BY_SALES, remember_me: true, headers: { 'Sec-GPC': '1' } }).expect(201))).toEqual([]);
  });

  it('forgets a shopper who comes back and declines, or comes back with Sec-GPC', async () => {
    const value = prefillValue(await postOrder(t, { ...ADA_BY_SALES, remember_me: true }).expect(201));
    expectCleared(await postOrder(t, { ...ADA_BY_SALES, remember_me: false, headers: { Cookie: `handoff_prefill=${value}` } }).expect(201));
    expectCleared(await postOrder(t, { ...ADA_BY_SALES, remember_me: true, headers: { Cookie: `handoff_prefill=${value}`, 'Sec-GPC': '1' } }).expect(201));
  });

  it('answers 204 with nothing remembered', async () => {
    const res = await request(t.app).get('/api/prefill').expect(204);
    expect(setCookies(res)).toEqual([]);
  });

  it('finds our cookie among others and among stale copies', async () => {
    const value = prefillValue(await postOrder(t, { ...ADA_BY_SALES, remember_me: true }).expect(201));
    const res = await request(t.app).get('/api/prefill').set('Cookie', `other=1; handoff_prefill=stale; handoff_prefill="${value}"`).expect(200);
    expect(res.body.customer.email).toBe(ADA.email);
  });
});

describe('a cookie that is not one we sealed', () => {
  let ours: string;
  let key: Uint8Array;
  let kid: string;
  beforeAll(async () => {
    ours = prefillValue(await postOrder(t, { ...ADA_BY_SALES, remember_me: true }).expect(201));
    const keys = await loadDevCookieKeys(t.dataDir);
    key = keys.current.key;
    kid = keys.current.kid;
  });

  const flipped = () => {
    const parts = ours.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[ct.length - 1]! ^= 0x80;
    parts[3] = ct.toString('base64url');
    return parts.join('.');
  };
  const attacks: Array<[string, () => Promise<string>]> = [
    ['bit-flipped', async () => flipped()],
    ['sealed with another key', async () => sealPrefill({ current: { kid, key: randomBytes(32) }, byKid: new Map() }, remembered)],
    [
      'expired',
      async () =>
        new EncryptJWT({ customer: remembered })
          .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid })
          .setAudience('handoff:prefill')
          .setIssuedAt(1_600_000_000)
          .setExpirationTime(1_600_000_060)
          .encrypt(key),
    ],
    [
      'using A256KW instead of dir',
      async () =>
        new EncryptJWT({ customer: remembered })
          .setProtectedHeader({ alg: 'A256KW', enc: 'A256GCM', kid })
          .setAudience('handoff:prefill')
          .setIssuedAt()
          .setExpirationTime('1h')
          .encrypt(key),
    ],
    [
      'using A128GCM instead of A256GCM',
      async () =>
        new EncryptJWT({ customer: remembered })
          .setProtectedHeader({ alg: 'dir', enc: 'A128GCM', kid })
          .setAudience('handoff:prefill')
          .setIssuedAt()
          .setExpirationTime('1h')
          .encrypt(key.slice(0, 16)),
    ],
    [
      'signed instead of encrypted',
      async () => new SignJWT({ customer: remembered }).setProtectedHeader({ alg: 'HS256', kid }).setAudience('handoff:prefill').setIssuedAt().setExpirationTime('1h').sign(key),
    ],
    ['over 4 kB', async () => `${ours}${'A'.repeat(4200)}`],
    ['plain garbage', async () => base64url.encode(randomBytes(64))],
  ];

  it.each(attacks)('is ignored and cleared when %s: never a 500, nothing of it logged', async (_label, make) => {
    const value = await make();
    const res = await withCookie(value).expect(204);
    expectCleared(res);
    expect(t.logs()).not.toContain(value.slice(0, 40));
    expect(t.logs()).not.toContain(value.slice(-40));
  });

  it('does not stop an order from being placed', async () => {
    const res = await postOrder(t, { ...ADA_BY_SALES, remember_me: true, headers: { Cookie: `handoff_prefill=${flipped()}` } }).expect(201);
    expect(setCookies(res)).toHaveLength(1);
  });
});

describe('cookies across the service', () => {
  it('none is set by any route but the opted-in order answer and the forgetting', async () => {
    const placed = await postOrder(t, ADA_BY_SALES).expect(201);
    const { id } = placed.body.order;
    const token = placed.body.order_token;
    const answers: Array<[string, request.Test]> = [
      ['catalog', request(t.app).get('/api/products')],
      ['prefill, nothing remembered', request(t.app).get('/api/prefill')],
      ['order', request(t.app).get(`/api/orders/${id}`).set('Authorization', `Bearer ${token}`)],
      ['order page', request(t.app).get(`/orders/${id}`).query({ token })],
      ['consent wording', request(t.app).get('/api/privacy/wording')],
      ['healthz', request(t.app).get('/healthz')],
      ['readyz', request(t.app).get('/readyz')],
      ['metrics', request(t.app).get('/metrics')],
      ['openapi', request(t.app).get('/openapi.json')],
      ['docs', request(t.app).get('/docs')],
      ['jwks', request(t.app).get('/.well-known/jwks.json')],
      ['gpc', request(t.app).get('/.well-known/gpc.json')],
      ['unsubscribe', request(t.app).get('/api/unsubscribe').query({ token: 'forged' })],
      ['admin without token', request(t.app).get('/api/admin/consents').query({ purpose: 'product_alerts' })],
      ['unknown route', request(t.app).get('/api/nowhere')],
    ];
    for (const [label, answer] of answers) expect([label, setCookies(await answer)]).toEqual([label, []]);
    expect(setCookies(placed)).toEqual([]);
  });

  it('marks the cookie Secure when the public URL is https', async () => {
    const https = await startTestApp({ PUBLIC_BASE_URL: 'https://shop.example.com' });
    try {
      const [line] = setCookies(await postOrder(https, { ...ADA_BY_SALES, remember_me: true }).expect(201));
      expect(line).toMatch(/; Secure/);
      const cleared = await request(https.app).delete('/api/prefill').expect(204);
      expect(setCookies(cleared)[0]).toMatch(/; Secure/);
    } finally {
      await https.close();
    }
  });

  it('uses COOKIE_KEY when set: the first key seals, older keys still open what they sealed', async () => {
    const oldKey = base64url.encode(randomBytes(32));
    const rotated = await startTestApp({ COOKIE_KEY: `k2:${base64url.encode(randomBytes(32))},k1:${oldKey}` });
    try {
      const sealedBefore = await sealPrefill(parseCookieKeys(`k1:${oldKey}`), remembered);
      const opened = await request(rotated.app).get('/api/prefill').set('Cookie', `handoff_prefill=${sealedBefore}`).expect(200);
      expect(opened.body.customer).toEqual(remembered);
      const fresh = prefillValue(await postOrder(rotated, { ...ADA_BY_SALES, remember_me: true }).expect(201));
      expect(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString()).kid).toBe('k2');
      // A cookie sealed with the development key of another setup does not open here.
      await request(rotated.app)
        .get('/api/prefill')
        .set('Cookie', `handoff_prefill=${await sealPrefill(await loadDevCookieKeys(t.dataDir), remembered)}`)
        .expect(204);
    } finally {
      await rotated.close();
    }
  });
});
