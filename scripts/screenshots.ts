/**
 * Screenshots of the console's main pages for the README (docs/screenshots/*.png), taken in
 * Debian's chromium against a running development server (`npm start`; no identity provider, so
 * the "sign in as" page is there). It places one pay-via-sales order to have something to show.
 *   npm start &   then   npx tsx scripts/screenshots.ts [http://127.0.0.1:3000]
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium';

const base = process.argv[2] ?? 'http://127.0.0.1:3000';
const out = 'docs/screenshots';

async function placeOrder(): Promise<{ id: string; reference: string }> {
  const res = await fetch(`${base}/api/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    body: JSON.stringify({
      items: [{ sku: 'EVT-SUMMIT', quantity: 2 }],
      currency: 'EUR',
      payment_method: 'sales',
      customer: { name: 'Grace Hopper', email: 'grace@example.com', company: 'Navy Labs', country: 'DE' },
    }),
  });
  if (res.status !== 201) throw new Error(`placing the demo order answered ${res.status}`);
  const body = (await res.json()) as { order: { id: string }; next: { reference: string } };
  return { id: body.order.id, reference: body.next.reference };
}

async function shot(page: Page, path: string, name: string): Promise<void> {
  await page.goto(`${base}${path}`);
  await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
  console.log(`${out}/${name}.png`);
}

async function main(): Promise<void> {
  mkdirSync(out, { recursive: true });
  const order = await placeOrder();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await shot(page, '/console/sign-in', 'sign-in');
  for (const role of ['sales', 'finance', 'admin']) await page.locator(`#role-${role}`).setChecked(true);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await shot(page, `/console/sales?q=${order.reference}`, 'sales-queue');
  await shot(page, `/console/sales/orders/${order.id}`, 'order');
  await shot(page, '/console/finance', 'finance');
  await shot(page, '/console/admin/products', 'admin-products');
  await shot(page, '/console/admin/audit', 'audit-log');
  await browser.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
