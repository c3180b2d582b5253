import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems, axeOncePerPage, browserAvailable, launchBrowser, signInAs, type TestBrowser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { placeOrder, salesOrder } from '../helpers/sales';
import { deliveryOf, runJobs } from '../helpers/fulfilment';
import { salesOrderPaid } from '../helpers/payments';
import { formatMinor } from '../../src/shared/money';

const run = browserAvailable() ? describe : describe.skip;

run('the console in a real browser (chromium)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await b.browser.newContext({ baseURL: t.baseUrl, acceptDownloads: true });
    page = await context.newPage();
  });
  afterEach(() => context.close());

  /** Every page a test reaches is checked by axe once. */
  const axeOnce = axeOncePerPage();
  const checked = () => axeOnce(page);
  const signIn = (name: string, roles: string[]) => signInAs(page, name, roles, checked);

  it('a clerk finds an order by its reference, records two partial payments and sees it paid', async () => {
    const placed = await placeOrder(t);
    await signIn('clerk-ann', ['sales']);
    await page.getByRole('heading', { name: 'Sales queue' }).waitFor();
    await checked();
    await page.getByLabel('Search').fill(placed.next.reference);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: placed.order.number }).click();
    await checked();
    const half = Math.floor(placed.order.total / 2);
    for (const [amount, ref] of [
      [half, 'SEPA 1'],
      [placed.order.total - half, 'SEPA 2'],
    ] as const) {
      await page.getByLabel(/^Amount/).fill(formatMinor(amount, 'EUR'));
      await page.getByLabel('Their reference').fill(ref);
      await page.getByRole('button', { name: 'Record payment' }).click();
      await page.getByRole('status').waitFor();
    }
    expect(await page.locator('#order-status').getAttribute('data-status')).toBe('paid');
  });

  it('finance downloads the orders CSV from the console and it parses', async () => {
    const placed = await placeOrder(t);
    await signIn('fiona', ['finance']);
    await checked();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download orders' }).click()]);
    const text = await new Response(await download.createReadStream()).text();
    const [header, ...rows] = text
      .trim()
      .split('\r\n')
      .map((l) => l.split(','));
    expect(rows.map((r) => r[header!.indexOf('order_number')])).toContain(placed.order.number);
  });

  it('an admin erases a person after confirming', async () => {
    const placed = await placeOrder(t, salesOrder({}, { name: 'Erin Erased', email: 'erin@example.com' }));
    await signIn('ada', ['admin']);
    await checked();
    await page.getByRole('link', { name: /Privacy requests/ }).click();
    await checked();
    await page.locator('#erase-email').fill('erin@example.com');
    await page.getByRole('button', { name: 'Review erasure' }).click();
    await checked();
    expect(await page.getByRole('main').textContent()).toContain(`Order ${placed.order.number}`);
    await page.getByLabel(/I confirm/).check();
    await page.getByRole('button', { name: 'Erase this person' }).click();
    await page.getByRole('status').waitFor();
    await checked();
    const row = await t.ctx.db.selectFrom('orders').select('customer_name').where('id', '=', placed.order.id).executeTakeFirstOrThrow();
    expect(row.customer_name).not.toBe('Erin Erased');
    for (const path of ['/console/admin/products', '/console/admin/partners', '/console/admin/audit']) {
      await page.goto(path);
      await checked();
    }
  });

  it('the door scans a ticket as a handheld scanner does: admitted, then already checked in', async () => {
    const order = await salesOrderPaid(t, { items: [{ sku: 'EVT-SUMMIT', quantity: 1 }] }, {});
    await runJobs(t);
    const [ticket] = (await deliveryOf(t, order.id)).tickets;
    await signIn('dan', ['door']);
    await page.getByRole('heading', { name: 'Door' }).waitFor();
    await checked();
    // A scanner types into whatever has focus and ends with Enter: the field must have it, every time.
    for (const answer of [/Admitted/, /Already checked in at/]) {
      expect(await page.evaluate('document.activeElement?.id')).toBe('token');
      await page.keyboard.type(ticket!.token);
      await page.keyboard.press('Enter');
      await page.locator('.scan').filter({ hasText: answer }).waitFor();
      expect(await accessibilityProblems(page)).toEqual([]);
    }
  });

  it('refuses a form posted without its CSRF token', async () => {
    const placed = await placeOrder(t);
    await signIn('clerk-bob', ['sales']);
    await page.goto(`/console/sales/orders/${placed.order.id}`);
    await page.locator('input[name="_csrf"]').evaluateAll((inputs) => inputs.forEach((i) => i.remove()));
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Cancel order' }).click()]);
    expect(response.status()).toBe(403);
    await checked();
  });

  it('a signed-out session is dead, even with its cookie put back', async () => {
    await signIn('clerk-cy', ['sales']);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === '__Host-handoff_console')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You have signed out.').waitFor();
    await context.addCookies(cookies);
    await page.goto('/console/sales');
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
  });
});
