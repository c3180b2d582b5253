import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems, browserAvailable, launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { startIdentityProvider, type TestIdentityProvider } from '../helpers/oidc';
import { freePort } from '../helpers/ports';
import { partlyPaidAndFlagged } from '../helpers/sales';
import { formatMinor } from '../../src/shared/money';

const run = browserAvailable() ? describe : describe.skip;

/** A datetime-local field's value: minutes, UTC, as the console's label says. */
const minuteIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);

run('pay via sales, from the shop to the sales desk, in a real browser (chromium) signed in through a real identity provider', () => {
  let idp: TestIdentityProvider;
  let t: TestApp;
  let b: TestBrowser;
  let context: BrowserContext;
  let page: Page;
  let publicBase: string;
  const visited = new Set<string>();

  beforeAll(async () => {
    // The provider sends the browser back to PUBLIC_BASE_URL/console/auth/callback, so the app
    // listens where PUBLIC_BASE_URL says: the browser sees one origin from the shop to the console.
    const port = await freePort();
    publicBase = `http://127.0.0.1:${port}`;
    idp = await startIdentityProvider({ redirectUri: `${publicBase}/console/auth/callback`, roles: { 'clerk-ann': ['sales'], 'clerk-hal': ['sales'] } });
    const oidc = { CONSOLE_OIDC_ISSUER: idp.issuer, CONSOLE_OIDC_CLIENT_ID: idp.clientId, CONSOLE_OIDC_CLIENT_SECRET: idp.clientSecret };
    t = await startTestApp({ PUBLIC_BASE_URL: publicBase, ...oidc }, { port });
    expect(t.baseUrl).toBe(publicBase);
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
    await idp?.close();
  });
  beforeEach(async () => {
    context = await b.browser.newContext({ baseURL: publicBase });
    // The provider's development login page imports a web font; there is no network here.
    await context.route('https://fonts.googleapis.com/**', (route) => route.abort());
    page = await context.newPage();
  });
  afterEach(() => context.close());

  /** Every page of ours that a test reaches is checked by axe once, and again in each state that
   * shows other forms (`variant`). The provider's login page is oidc-provider's development form,
   * not ours, and is not checked. */
  async function checked(variant = ''): Promise<void> {
    const where = new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id') + variant;
    if (visited.has(where)) return;
    visited.add(where);
    expect({ page: where, problems: await accessibilityProblems(page) }).toEqual({ page: where, problems: [] });
  }

  /** The shopper's side: the storefront, the cart, checkout choosing pay via sales, the answer with
   * the reference and instructions, and the order's page from its link. */
  async function shopperPaysViaSales(email: string): Promise<{ reference: string; number: string }> {
    await page.goto('/shop?currency=EUR');
    await checked();
    const pro = page.locator('li[data-sku="SW-PRO"]');
    await pro.getByLabel('Quantity').fill('2');
    await pro.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await checked();
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper');
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Country', { exact: true }).selectOption('DE');
    await page.getByLabel(/^Pay via sales/).check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('heading', { name: 'Thank you' }).waitFor();
    await checked();
    const reference = (await page.locator('.reference').textContent()) ?? '';
    const row = await t.ctx.db.selectFrom('orders').select(['number', 'offline_reference', 'status']).where('customer_email', '=', email).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ offline_reference: reference, status: 'awaiting_offline_payment' });
    // The configured instructions, with this order's reference where they name {reference}.
    expect((await page.locator('.instructions').textContent())?.trim()).toBe(t.ctx.config.orders.offlineInstructions.replace('{reference}', reference));
    await page.getByRole('link', { name: "Your order's page" }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?token=/);
    await checked();
    const orderPage = (await page.getByRole('main').textContent()) ?? '';
    expect(orderPage).toContain(row.number);
    expect(orderPage).toContain(reference);
    return { reference, number: row.number };
  }

  /** The clerk's side of OpenID Connect: our sign-in page, the provider's own login form, and back
   * through our callback into the console. */
  async function signInThroughProvider(login: string): Promise<void> {
    await page.goto('/console/sign-in');
    await checked();
    await page.getByRole('link', { name: "Sign in with your organisation's account" }).click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.waitForURL(`${publicBase}/console/sales`);
    await page.getByRole('heading', { name: 'Sales queue' }).waitFor();
    expect(await page.locator('.sign-out').textContent()).toContain(login);
    await checked();
  }

  async function openByReference(reference: string, number: string): Promise<void> {
    await page.getByLabel('Search').fill(reference);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('heading', { name: `Order ${number}` }).waitFor();
    await checked();
  }

  it('a shopper who chooses pay via sales in the shop sees the payment reference and instructions, and the order page opens', async () => {
    const { reference } = await shopperPaysViaSales('grace.shop@example.com');
    expect(reference).toMatch(/^HO-[A-Z0-9]{8}$/);
  });

  it('a clerk signs in through the identity provider, finds that order by its reference, records two partial payments and sees it paid', async () => {
    const { reference, number } = await shopperPaysViaSales('grace.desk@example.com');
    await signInThroughProvider('clerk-ann');
    const session = await t.ctx.db.selectFrom('console_sessions').select(['via', 'roles']).where('sub', '=', 'clerk-ann').executeTakeFirstOrThrow();
    expect(session).toEqual({ via: 'oidc', roles: ['sales'] });
    await openByReference(reference, number);
    const order = await t.ctx.db.selectFrom('orders').select(['id', 'total']).where('number', '=', number).executeTakeFirstOrThrow();
    const half = Math.floor(order.total / 2);
    for (const [amount, ref, left] of [
      [half, 'SEPA 1', order.total - half],
      [order.total - half, 'SEPA 2', 0],
    ] as const) {
      await page.getByLabel(/^Amount/).fill(formatMinor(amount, 'EUR'));
      await page.getByLabel('Their reference').fill(ref);
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.locator('#outstanding', { hasText: new RegExp(`^${formatMinor(left, 'EUR').replace('.', '\\.')} EUR$`) }).waitFor();
    }
    expect(await page.locator('#order-status').getAttribute('data-status')).toBe('paid');
    const payments = await t.ctx.db.selectFrom('payments').select(['amount', 'recorded_by']).where('order_id', '=', order.id).orderBy('created_at').execute();
    expect(payments).toEqual([
      { amount: half, recorded_by: 'staff:clerk-ann' },
      { amount: order.total - half, recorded_by: 'staff:clerk-ann' },
    ]);
  });

  it('a clerk extends the hold of a part-paid order whose hold ran out, then clears its flag with a note', async () => {
    const flagged = await partlyPaidAndFlagged(t);
    await signInThroughProvider('clerk-hal');
    await openByReference(flagged.next.reference, flagged.order.number);
    await page.getByRole('heading', { name: 'Needs attention' }).waitFor();
    await checked(' (flagged, with the clear-flag form)');
    expect(await page.locator('#flag-reason').textContent()).toContain('The hold ran out with part of the money received');
    expect(await page.locator('#hold-ends').textContent()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    const end = minuteIn(10);
    await page.getByLabel('New hold end (UTC)').fill(end);
    await page.getByRole('button', { name: 'Extend hold' }).click();
    await page.getByRole('status').filter({ hasText: 'Hold extended.' }).waitFor();
    await checked(' (after an action)');
    expect(await page.locator('#hold-ends').textContent()).toBe(`${end.replace('T', ' ')} UTC`);
    await page.getByLabel('What was done about it').fill('Called the buyer: the rest comes by Friday.');
    await page.getByRole('button', { name: 'Clear the flag' }).click();
    await page.getByRole('status').filter({ hasText: 'Flag cleared.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Needs attention' }).count()).toBe(0);
    expect(await page.locator('.history').textContent()).toContain('Called the buyer: the rest comes by Friday.');
    const row = await t.ctx.db.selectFrom('orders').select(['needs_attention', 'hold_expires_at', 'seats_held']).where('id', '=', flagged.order.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ needs_attention: false, hold_expires_at: new Date(`${end}:00Z`), seats_held: true });
  });
});
