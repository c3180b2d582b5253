import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Stripe from 'stripe';
import { controls } from '../../sandbox/client';
import { stripeClientOptions } from '../../sandbox/index';
import { paymentSessionParams, startWebhookEndpoint, type WebhookEndpoint } from './helpers';

const ROOT = join(__dirname, '..', '..');
let child: ChildProcess;
let dataDir: string;
let endpoint: WebhookEndpoint;
let env: Record<string, string>;

function readFourLines(proc: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split('\n').filter((l) => l.includes('='));
      if (lines.length >= 4) resolve(Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])));
    });
    proc.once('exit', (code) => reject(new Error(`npm run sandbox exited (${code}) before printing its settings`)));
  });
}

beforeAll(async () => {
  endpoint = await startWebhookEndpoint();
  dataDir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
  child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/sandbox.ts', '--port', '0', '--forward-to', endpoint.url], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  env = await readFourLines(child);
});
afterAll(async () => {
  child.kill('SIGTERM');
  await endpoint.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run sandbox', () => {
  it('prints the four lines another shell needs', () => {
    expect(Object.keys(env)).toEqual(['STRIPE_API_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'NODE_EXTRA_CA_CERTS']);
    expect(env.STRIPE_API_URL).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(env.STRIPE_SECRET_KEY).toMatch(/^sk_test_/);
    expect(env.STRIPE_WEBHOOK_SECRET).toMatch(/^whsec_/);
    expect(readFileSync(env.NODE_EXTRA_CA_CERTS as string, 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('is trusted by another Node process through NODE_EXTRA_CA_CERTS alone', async () => {
    const script = `require('https').get(process.argv[1] + '/v1/events', { headers: { Authorization: 'Bearer ' + process.argv[2] } }, (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', (e) => { console.error(e.message); process.exit(3); })`;
    const run = (extra: Record<string, string>) =>
      promisify(execFile)(process.execPath, ['-e', script, env.STRIPE_API_URL as string, env.STRIPE_SECRET_KEY as string], { env: { ...process.env, ...extra } });
    await expect(run({ NODE_EXTRA_CA_CERTS: env.NODE_EXTRA_CA_CERTS as string })).resolves.toBeDefined();
    await expect(run({ NODE_EXTRA_CA_CERTS: '' })).rejects.toMatchObject({ code: 3 });
  });

  it('forwards signed events to --forward-to', async () => {
    const url = new URL(env.STRIPE_API_URL as string);
    const sb = {
      host: url.hostname,
      port: Number(url.port),
      caPem: readFileSync(env.NODE_EXTRA_CA_CERTS as string, 'utf8'),
      url: url.origin,
      secretKey: env.STRIPE_SECRET_KEY as string,
    };
    const stripe = new Stripe(sb.secretKey, stripeClientOptions(sb));
    const session = await stripe.checkout.sessions.create(paymentSessionParams());
    await controls(sb).pay(session.id, 'succeed');
    await endpoint.waitFor((r) => r.some((d) => d.body.includes('"checkout.session.completed"')));
    const delivery = endpoint.received.find((d) => d.body.includes('"checkout.session.completed"'));
    const event = Stripe.webhooks.constructEvent(delivery?.body as string, delivery?.headers['stripe-signature'] as string, env.STRIPE_WEBHOOK_SECRET as string);
    expect((event.data.object as Stripe.Checkout.Session).id).toBe(session.id);
  });
});
