/** `npm run sandbox -- [--port N] [--host H] [--forward-to URL]`: runs the Stripe-compatible sandbox
 * alone (like `stripe listen --forward-to`) and prints, on stdout, the four lines another shell needs.
 * Deliveries are logged on stderr. Data (CA, keys) live in DATA_DIR, default `.data/`. */
import { startSandbox } from '../sandbox/index';
import type { DeliveryRecord } from '../sandbox/webhooks/delivery';

const USAGE = 'usage: npm run sandbox -- [--port N (default 12111, 0 = any free port)] [--host 127.0.0.1] [--forward-to URL]';

interface Args {
  port: number;
  host: string;
  forwardTo: string | undefined;
}

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 12111, host: '127.0.0.1', forwardTo: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) fail(`${flag} needs a value`);
    if (flag === '--port') {
      if (!/^\d+$/.test(value) || Number(value) > 65535) fail(`--port must be a number from 0 to 65535, not ${value}`);
      args.port = Number(value);
    } else if (flag === '--host') {
      args.host = value;
    } else if (flag === '--forward-to') {
      if (!/^https?:\/\//.test(value) || !URL.canParse(value)) fail(`--forward-to must be an http(s) URL, not ${value}`);
      args.forwardTo = value;
    } else {
      fail(`unknown option ${flag}`);
    }
  }
  return args;
}

function logDelivery(d: DeliveryRecord): void {
  const outcome = d.status === null ? `failed: ${d.error}` : `[${d.status}]`;
  const retry = d.next_retry_at ? `, retry at ${new Date(d.next_retry_at).toISOString()}` : '';
  process.stderr.write(`${new Date(d.started_at).toISOString()}  --> ${d.event_type} [${d.event_id}] (${d.kind} #${d.attempt})\n`);
  process.stderr.write(`${new Date().toISOString()}  <-- ${outcome} POST ${d.url} [${d.event_id}]${retry}\n`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = process.env.DATA_DIR || '.data';
  const sb = await startSandbox({ dataDir, port: args.port, host: args.host, webhookUrl: args.forwardTo, onDelivery: logDelivery }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'EADDRINUSE') fail(`port ${args.port} is in use; pass --port N (0 picks a free port)`);
    throw err;
  });
  process.stdout.write(
    [`STRIPE_API_URL=${sb.url}`, `STRIPE_SECRET_KEY=${sb.secretKey}`, `STRIPE_WEBHOOK_SECRET=${sb.webhookSecret}`, `NODE_EXTRA_CA_CERTS=${sb.caPath}`].join('\n') + '\n',
  );
  process.stderr.write(
    `Stripe sandbox ready on ${sb.url}; ${args.forwardTo ? `forwarding events to ${args.forwardTo}` : 'no --forward-to: events are recorded, not delivered'}. Test controls: sandbox/README.md. Ctrl-C stops it.\n`,
  );
  const stop = () => void sb.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();
