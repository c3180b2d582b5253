import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freshDatabase, type TestDatabase } from '../helpers/database';
import { startService, type RunningService } from '../helpers/service';

/** The README's walkthroughs, run as written: every shell block marked `<!-- walkthrough: NAME -->`
 * is taken in order and run by bash against a started service (its own sandbox, a fresh database),
 * so the README cannot drift from the code. Only BASE and DATA_DIR differ from a reader's machine. */
const ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);

function walkthrough(name: string): string {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/<!-- walkthrough: ([\w-]+) -->\n```sh\n([\s\S]*?)\n```/g)].filter((m) => m[1] === name).map((m) => m[2]!);
  if (blocks.length === 0) throw new Error(`no README block is marked walkthrough: ${name}`);
  return blocks.join('\n');
}

/** An embedded test database serves one connection: the service's pool gets just that one. */
const ONE_CONNECTION_WHEN_EMBEDDED: Record<string, string> = process.env.DATABASE_URL ? {} : { DATABASE_POOL_MAX: '1' };

let service: RunningService;
let database: TestDatabase;
let dataDir: string;
let workDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-walkthrough-'));
  // Inside the checkout, as a reader is (npm finds the project from there); files written there go with it.
  workDir = mkdtempSync(path.join(ROOT, '.walkthrough-'));
  database = await freshDatabase();
  // The service must be the embedded database's only client, on its one connection.
  await database.db.destroy();
  service = await startService({ DATA_DIR: dataDir, DATABASE_URL: database.url, ...ONE_CONNECTION_WHEN_EMBEDDED });
}, 120_000);
afterAll(async () => {
  service?.signal('SIGKILL');
  await service?.exited;
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(workDir, { recursive: true, force: true });
});

async function bash(script: string): Promise<string> {
  // The scripts a reader runs (staff-token) read the service's DATA_DIR, and no DATABASE_URL of the test run.
  const env: NodeJS.ProcessEnv = { ...process.env, BASE: service.baseUrl, DATA_DIR: dataDir, NODE_ENV: 'development' };
  delete env.DATABASE_URL;
  try {
    return (await run('bash', ['-euo', 'pipefail', '-c', script], { cwd: workDir, env, timeout: 120_000 })).stdout;
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    throw new Error(`the walkthrough failed:\n${stdout ?? ''}\n${stderr ?? ''}\nservice:\n${service.output()}`, { cause: err });
  }
}

test('the card walkthrough places an order, pays on the sandbox page and shows the paid page', async () => {
  const out = await bash(walkthrough('card'));
  expect(out).toContain('"payment_method":"card"');
  expect(out).toContain('Paid — thank you');
}, 120_000);

test('the pay-via-sales walkthrough places an order, works the queue, records the payment, exports and refunds', async () => {
  const out = await bash(walkthrough('sales'));
  expect(out).toMatch(/HO-[A-Z0-9]{8}/);
  // The payment is the order's whole total, so it is paid; the refund is one licence.
  expect(out).toContain('"status":"paid"');
  expect(out).toContain('"amount":16541');
  const orders = readFileSync(path.join(workDir, 'orders.csv'), 'utf8');
  expect(orders).toMatch(/^\uFEFForder_number,created_at,paid_at,status,payment_method/);
  expect(orders).toContain(',paid,sales,Grace Hopper,');
  expect(readFileSync(path.join(workDir, 'order-lines.csv'), 'utf8')).toContain(',SW-PRO,');
  // The period reports: the invoice and the credit note of the refund, the refund itself, and a summary.
  expect(readFileSync(path.join(workDir, 'invoices.csv'), 'utf8')).toMatch(/\r\n\d{4}-\d{6},invoice,[\s\S]*\r\nCN-\d{4}-\d{6},credit_note,/);
  expect(readFileSync(path.join(workDir, 'refunds.csv'), 'utf8')).toContain(',EUR,165.41,bank_transfer,SEPA back 2211,licence unused,CN-');
  expect(out).toContain('"refunded":16541');
}, 180_000);
