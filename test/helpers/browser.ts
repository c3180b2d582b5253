import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium';

export { CHROMIUM };

// A browser flow (several pages, axe on each, the processor's hosted page) is many requests long:
// on CI's cold start (tsx transforming every file afresh, two jest workers and chromium on two
// cores) the shop's card purchase took over the default 30 s once. Every file that drives the
// browser imports this module, so the longer limit is set here, once, for those files only.
jest.setTimeout(90_000);

/** Whether the browser tests can run here. Without chromium they are skipped with a line saying
 * so, except in CI (CI=true), where a missing browser is a failure, never a quiet skip. */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') throw new Error(`chromium is missing at ${CHROMIUM}: .ci/run installs it (apt-get install -y chromium)`);
  console.warn(`Skipping the browser tests: no chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`);
  return false;
}

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** One browser per test file. Playwright gives each launch a fresh user-data-dir of its own (and
 * removes it on close); it refuses one passed as a flag. */
export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  return { browser, close: () => browser.close() };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical findings on the page as it is now. Evaluated through the
 * DevTools protocol, which the page's CSP (no inline script) does not apply to. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: unknown[] }> }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes)`);
}

/** Signs in through the development "sign in as" page; `onSignInPage` runs there first (an axe check). */
export async function signInAs(page: Page, name: string, roles: string[], onSignInPage?: () => Promise<void>): Promise<void> {
  await page.goto('/console/sign-in');
  await onSignInPage?.();
  await page.getByLabel('Your name').fill(name);
  for (const role of ['sales', 'finance', 'admin', 'door']) await page.locator(`#role-${role}`).setChecked(roles.includes(role));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** An axe check that runs once per page of a test file (ids in the path folded, so one order's
 * page stands for all): every page a test reaches is checked without checking it twice. */
export function axeOncePerPage(): (page: Page) => Promise<void> {
  const visited = new Set<string>();
  return async (page) => {
    const where = new URL(page.url()).pathname.replace(/[0-9a-f-]{36}/g, ':id').replace(/\/\d+\//g, '/:n/');
    if (visited.has(where)) return;
    visited.add(where);
    expect({ page: where, problems: await accessibilityProblems(page) }).toEqual({ page: where, problems: [] });
  };
}
