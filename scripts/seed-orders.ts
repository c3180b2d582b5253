/**
 * npm run seed:orders -- <N>
 * Adds N realistic orders to DATABASE_URL, or without it to the embedded database in DATA_DIR
 * (migrations and the demo catalog are applied first either way), and prints the time taken.
 */
import { openDatabase } from '../src/bootstrap';
import { seedOrders } from './seed/orders';
import { ConfigError, loadConfig } from '../src/shared/config';

const USAGE = 'usage: npm run seed:orders -- <N>   (N orders, e.g. 1000000)';

async function main(argv: string[]): Promise<string> {
  const [arg, ...extra] = argv;
  if (arg === undefined || extra.length > 0 || !/^\d+$/.test(arg.replace(/_/g, ''))) throw new Error(USAGE);
  const count = Number(arg.replace(/_/g, ''));
  const database = await openDatabase(loadConfig());
  try {
    console.log(`seeding ${count} orders into ${database.description}`);
    const { ms } = await seedOrders(database.handle.db, count, {
      onProgress: (done) => process.stdout.write(`\r${done} / ${count}`),
    });
    return `\n${count} orders added in ${(ms / 1000).toFixed(1)} s (${Math.round(count / (ms / 1000))} orders/s)`;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (line) => console.log(line),
  (err: unknown) => {
    const lines = err instanceof ConfigError ? err.problems : [(err as Error).message];
    for (const line of lines) console.error(`seed:orders: ${line}`);
    process.exitCode = 1;
  },
);
