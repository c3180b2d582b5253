import request from 'supertest';
import { startTestApp, useTestApp, type TestApp } from '../helpers/app';
import { seatsTaken } from '../helpers/sales';

let t: TestApp;
useTestApp((app) => (t = app));

/** The hidden idempotency key the cart page generated into its checkout form. */
const formKey = (page: string) => /name="idempotency_key" value="([0-9a-f-]{36})"/.exec(page)?.[1] ?? '';

const shopper = { name: 'Ada Lovelace', email: 'ada@example.org', company: 'Analytical Engines Ltd', country: 'GB', phone: '+44 20 7946 0018' };

async function checkoutForm(items: string, currency = 'EUR') {
  const cart = await request(t.app).get('/shop/cart').query({ items, currency });
  expect(cart.status).toBe(200);
  return { items, currency, idempotency_key: formKey(cart.text), ...shopper };
}

const post = (form: Record<string, string>) => request(t.app).post('/shop/checkout').type('form').send(form);

describe('the catalog', () => {
  it('lists the products with prices in the chosen currency and the seats left', async () => {
    const usd = await request(t.app).get('/shop');
    expect(usd.status).toBe(200);
    expect(usd.type).toBe('text/html');
    expect(usd.text).toContain('Handoff store');
    expect(usd.text).toContain('299.00 USD');
    expect(usd.text).toContain('50 seats left');
    expect(usd.text).toContain('name="add" value="EVT-SUMMIT"');
    expect(usd.text).not.toContain('<script');
    const eur = await request(t.app).get('/shop').query({ currency: 'EUR' });
    expect(eur.text).toContain('279.00 EUR');
  });

  it('refuses a currency the processor does not take, naming the field', async () => {
    const res = await request(t.app).get('/shop').query({ currency: 'XYZ' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('<strong>currency</strong>');
  });
});

describe('the cart in the query string', () => {
  it('adds to the cart by redirecting to its address, and shows the lines and the subtotal', async () => {
    const add = await request(t.app).get('/shop/cart').query({ items: 'SW-STD:2', currency: 'EUR', add: 'EVT-SUMMIT', quantity: '1' });
    expect(add.status).toBe(303);
    expect(add.headers.location).toBe('/shop/cart?items=SW-STD%3A2%2CEVT-SUMMIT%3A1&currency=EUR');
    const cart = await request(t.app).get(String(add.headers.location));
    expect(cart.status).toBe(200);
    expect(cart.text).toContain('data-sku="SW-STD"');
    expect(cart.text).toContain('90.00 EUR');
    expect(cart.text).toContain(`class="subtotal">369.00 EUR`);
    expect(formKey(cart.text)).not.toBe('');
    // The checkout's 303 leads to the processor's (https) page: the form may go there, nothing else changes.
    expect(cart.headers['content-security-policy']).toContain("form-action 'self' https:");
    expect(cart.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('refuses a bad quantity with a 4xx page naming the field', async () => {
    for (const query of [{ items: 'SW-STD:0' }, { items: 'SW-STD:lots' }, { add: 'SW-STD', quantity: '101' }]) {
      const res = await request(t.app).get('/shop/cart').query(query);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(/<strong>(items|quantity)<\/strong>/);
    }
  });
});

describe('checkout', () => {
  it('by card answers 303 to the sandbox hosted page, and the same form posted twice places one order', async () => {
    const form = { ...(await checkoutForm('EVT-SUMMIT:2')), payment_method: 'card', marketing_opt_in: 'on' };
    const before = await seatsTaken(t, 'EVT-SUMMIT');
    const first = await post(form);
    expect(first.status).toBe(303);
    expect(String(first.headers.location).startsWith(t.sandbox.url)).toBe(true);
    const again = await post(form);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(first.headers.location);
    const orders = await t.ctx.db
      .selectFrom('orders')
      .select(['id', 'total', 'marketing_opt_in'])
      .where('customer_email', '=', 'ada@example.org')
      .where('payment_method', '=', 'card')
      .execute();
    expect(orders).toHaveLength(1);
    expect(orders[0]?.marketing_opt_in).toBe(true);
    expect(await seatsTaken(t, 'EVT-SUMMIT')).toBe(before + 2);
  });

  it('pay via sales shows the payment reference, the instructions and a link to the order page', async () => {
    const res = await post({ ...(await checkoutForm('SW-PRO:1')), payment_method: 'sales', contact_me: 'on' });
    expect(res.status).toBe(200);
    const order = await t.ctx.db.selectFrom('orders').selectAll().where('payment_method', '=', 'sales').where('customer_email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(order.contact_me).toBe(true);
    expect(res.text).toContain(String(order.offline_reference));
    expect(res.text).toMatch(/class="instructions">[^<]*\S[^<]*<\/p>/);
    const link = /href="(\/orders\/[^"]+)"/.exec(res.text)?.[1]?.replace(/&#38;/g, '&') ?? '';
    expect(link).toContain(`/orders/${order.id}?token=`);
    const page = await request(t.app).get(link);
    expect(page.status).toBe(200);
    expect(page.text).toContain(String(order.offline_reference));
  });

  it('re-renders the form with the messages next to the fields', async () => {
    const res = await post({ ...(await checkoutForm('SW-STD:1')), email: 'not-an-email', country: '', payment_method: 'sales' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="email-error"');
    expect(res.text).toContain('id="country-error"');
    expect(res.text).toContain('value="Ada Lovelace"');
  });

  it('refuses a card number typed in the name field, naming the field and never echoing it', async () => {
    const res = await post({ ...(await checkoutForm('SW-STD:1')), name: '4242 4242 4242 4242', payment_method: 'card' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<strong>name</strong>');
    expect(res.text).not.toContain('4242 4242');
    expect(t.logs()).not.toContain('4242 4242');
  });

  it('refuses a checkout posted from another site, by Fetch Metadata or else by Origin', async () => {
    const form = { ...(await checkoutForm('SW-STD:1')), payment_method: 'sales', email: 'csrf@example.org' };
    for (const [header, value] of [
      ['Sec-Fetch-Site', 'cross-site'],
      ['Sec-Fetch-Site', 'same-site'],
      ['Origin', 'https://evil.example'],
      ['Origin', 'null'],
    ] as const) {
      const res = await post(form).set(header, value);
      expect({ header, value, status: res.status }).toEqual({ header, value, status: 403 });
    }
    const placed = await t.ctx.db.selectFrom('orders').select('id').where('customer_email', '=', 'csrf@example.org').execute();
    expect(placed).toEqual([]);
    const ours = await post(form).set('Sec-Fetch-Site', 'same-origin').set('Origin', 'null');
    expect(ours.status).toBe(200);
  });
});

describe('SHOP_ENABLED=false', () => {
  it('answers 404 at /shop', async () => {
    const off = await startTestApp({ SHOP_ENABLED: 'false' });
    try {
      expect((await request(off.app).get('/shop')).status).toBe(404);
      expect((await request(off.app).get('/shop/cart')).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});
