import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems, browserAvailable, launchBrowser, type TestBrowser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { freePort } from '../helpers/ports';

const run = browserAvailable() ? describe : describe.skip;

run('the shop in a real browser (chromium)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    // The processor sends the shopper back to PUBLIC_BASE_URL, so the app listens where it says:
    // rerouting 127.0.0.1:3000 in the browser missed the processor's redirect whenever something
    // else (a developer's `npm start`) was listening there.
    const port = await freePort();
    t = await startTestApp({ PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }, { port });
    b = await launchBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });
  beforeEach(async () => {
    // The sandbox's HTTPS certificate comes from its own test CA.
    context = await b.browser.newContext({ baseURL: t.baseUrl, ignoreHTTPSErrors: true });
    page = await context.newPage();
  });
  afterEach(() => context.close());

  async function noSeriousA11yProblems(): Promise<void> {
    const where = new URL(page.url()).pathname;
    expect({ page: where, problems: await accessibilityProblems(page) }).toEqual({ page: where, problems: [] });
  }

  it('a shopper buys a ticket by card through the hosted page and lands on the order page', async () => {
    await page.goto('/shop?currency=EUR');
    await noSeriousA11yProblems();
    const summit = page.locator('li[data-sku="EVT-SUMMIT"]');
    await summit.getByLabel('Quantity').fill('2');
    await summit.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('heading', { name: 'Your cart' }).waitFor();
    await noSeriousA11yProblems();
    await page.getByLabel('Name', { exact: true }).fill('Ada Lovelace');
    await page.getByLabel('Email', { exact: true }).fill('ada@example.org');
    await page.getByLabel('Country', { exact: true }).selectOption('DE');
    await page.getByLabel("Card, on the payment processor's page").check();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.getByRole('button', { name: 'Pay (payment succeeds)' }).click();
    await page.waitForURL(/\/orders\/[0-9a-f-]{36}\?token=/);
    const order = await t.ctx.db.selectFrom('orders').select(['id', 'number']).where('customer_email', '=', 'ada@example.org').executeTakeFirstOrThrow();
    expect(new URL(page.url()).pathname).toBe(`/orders/${order.id}`);
    await page.getByText(order.number).first().waitFor();
  });
});
