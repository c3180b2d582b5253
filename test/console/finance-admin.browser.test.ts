import type { BrowserContext, Page } from 'playwright-core';
import { accessibilityProblems, axeOncePerPage, browserAvailable, launchBrowser, signInAs, type TestBrowser } from '../helpers/browser';
import { startTestApp, type TestApp } from '../helpers/app';
import { serveJson, type JsonServer } from '../helpers/json-server';
import { paidCardOrder, salesOrderPaid } from '../helpers/payments';
import { orderRow } from '../helpers/records';

const run = browserAvailable() ? describe : describe.skip;

run('the console’s finance and admin pages in a real browser (chromium)', () => {
  let t: TestApp;
  let b: TestBrowser;
  let receiver: JsonServer;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    t = await startTestApp();
    b = await launchBrowser();
    receiver = await serveJson(() => ({ ok: true }));
  });
  afterAll(async () => {
    await receiver?.close();
    await b?.close();
    await t?.close();
  });
  beforeEach(async () => {
    context = await b.browser.newContext({ baseURL: t.baseUrl });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await t.processor.clearFaults();
  });

  const axeOnce = axeOncePerPage();
  const checked = () => axeOnce(page);
  /** A page that shares its path with one checked already (a form's results, a notice). */
  const checkedAgain = async () => expect(await accessibilityProblems(page)).toEqual([]);
  const signIn = (name: string, roles: string[]) => signInAs(page, name, roles, checked);
  /** DE, 19% tax: 139.00 + 26.41 = 165.41 EUR. */
  const euroOrder = () => paidCardOrder(t, { currency: 'EUR', customer: { country: 'DE' }, items: [{ sku: 'SW-PRO', quantity: 1 }] });

  it('finance refunds part of a paid card order after the confirmation page, and sees the refund on the order page', async () => {
    const order = await euroOrder();
    await signIn('fiona', ['finance']);
    await page.getByRole('heading', { name: 'Finance downloads' }).waitFor();
    await checked();
    await page.goto(`/console/sales/orders/${order.id}`);
    await checked();
    await page.getByLabel(/^Amount to refund/).fill('30.00');
    await page.getByLabel(/^Reason/).fill('One attendee cancelled');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await page.getByRole('heading', { name: `Confirm refund on order ${order.number}` }).waitFor();
    await checked();
    expect(await page.locator('#refundable').textContent()).toBe('165.41 EUR');
    expect(await orderRow(t, order.id)).toMatchObject({ amount_refunded: 0 });
    await page.getByRole('button', { name: 'Refund 30.00 EUR' }).click();
    await page.getByRole('status').filter({ hasText: 'Refund made.' }).waitFor();
    await checkedAgain();
    const refunds = page.getByRole('region', { name: 'Refunds', exact: true });
    expect(await refunds.getByRole('row').nth(1).textContent()).toMatch(/30\.00 EUR\s*succeeded\s*One attendee cancelled\s*staff:fiona/);
    expect(await page.locator('#order-status').getAttribute('data-status')).toBe('partially_refunded');
    expect(await orderRow(t, order.id)).toMatchObject({ status: 'partially_refunded', amount_refunded: 3000 });
  });

  it('when the processor does not answer, the refund page says it will be completed, and trying again completes it', async () => {
    const order = await euroOrder();
    await signIn('fiona', ['finance']);
    await page.goto(`/console/sales/orders/${order.id}`);
    await page.getByLabel(/^Amount to refund/).fill('12.50');
    await page.getByRole('button', { name: 'Review refund' }).click();
    await t.processor.failNext(3, '500', { path: '/v1/refunds' });
    const [answer] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Refund 12.50 EUR' }).click()]);
    expect(answer.status()).toBe(503);
    await page.getByRole('heading', { name: 'Refund pending' }).waitFor();
    await checked();
    expect(await page.getByRole('alert').textContent()).toMatch(/completed\s+automatically/);
    await page.getByRole('button', { name: 'Try again now' }).click();
    await page.getByRole('status').filter({ hasText: 'Refund made.' }).waitFor();
    expect(await orderRow(t, order.id)).toMatchObject({ amount_refunded: 1250 });
  });

  it('finance reads the period summary', async () => {
    await salesOrderPaid(t, { currency: 'EUR' }, { country: 'DE' });
    await signIn('fiona', ['finance']);
    await page.getByRole('link', { name: 'Period summary' }).click();
    await page.getByRole('heading', { name: 'Period summary' }).waitFor();
    await checked();
    const today = new Date().toISOString().slice(0, 10);
    await page.locator('#summary-from').fill(today);
    await page.locator('#summary-to').fill(today);
    await page.getByRole('button', { name: 'Show summary' }).click();
    await page.getByRole('heading', { name: 'EUR' }).waitFor();
    await checkedAgain();
    expect(await page.locator('#net-EUR').textContent()).toMatch(/^\d+\.\d\d EUR$/);
  });

  it('an admin changes a tax rate', async () => {
    await signIn('ada', ['admin']);
    await page.getByRole('heading', { name: 'Admin' }).waitFor();
    await checked();
    await page.getByRole('link', { name: 'Tax rates' }).click();
    await page.getByRole('heading', { name: 'Tax rates' }).waitFor();
    await checked();
    await page.getByRole('link', { name: 'AT', exact: true }).click();
    await page.getByRole('heading', { name: 'Tax rates of AT' }).waitFor();
    await checkedAgain();
    await page.getByLabel('Rate (%)').fill('21');
    await page.getByLabel('From (day, UTC)').fill('2032-01-01');
    await page.getByRole('button', { name: 'Save rate' }).click();
    await page.getByRole('status').filter({ hasText: 'Rate saved.' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('21.00%');
  });

  it('an admin adds a webhook endpoint, reads its delivery log, redelivers, then deletes it after confirming', async () => {
    await signIn('ada', ['admin']);
    await page.getByRole('link', { name: /Webhook endpoints/ }).click();
    await page.getByRole('heading', { name: 'Webhook endpoints' }).waitFor();
    await checked();
    const url = receiver.url.replace('/.well-known/jwks.json', '/erp');
    await page.getByLabel('URL').fill(url);
    await page.getByLabel('order.cancelled').uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByRole('heading', { name: 'Endpoint added' }).waitFor();
    await checked();
    expect(await page.locator('#secret').textContent()).toMatch(/^whsec_/);

    await salesOrderPaid(t, { currency: 'EUR' }, {});
    await t.worker.runOnce();
    await page.goto('/console/admin/webhooks');
    await checkedAgain();
    await page.getByRole('link', { name: 'Delivery log' }).click();
    await page.getByRole('heading', { name: 'Delivery log' }).waitFor();
    await checked();
    await page.getByRole('row').filter({ hasText: 'order.paid' }).getByRole('button', { name: 'Redeliver' }).click();
    await page.getByRole('status').filter({ hasText: 'Delivery queued again.' }).waitFor();
    await checkedAgain();

    await page.goto('/console/admin/webhooks');
    await page.getByRole('link', { name: 'Delete…' }).click();
    await page.getByRole('heading', { name: 'Delete endpoint' }).waitFor();
    await checked();
    await page.getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByRole('status').filter({ hasText: 'Endpoint deleted.' }).waitFor();
    expect(await page.getByRole('main').textContent()).toContain('No endpoints yet.');
  });
});
