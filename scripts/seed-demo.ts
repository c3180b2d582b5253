/**
 * npm run seed:demo
 * Adds the demo catalog (four products and their prices) to DATABASE_URL, or to the embedded
 * database in DATA_DIR. Development databases get it on every start; a production database only
 * through this command, on purpose. Never overwrites a product staff changed.
 */
import { openDatabase } from '../src/bootstrap';
import { seedDemoCatalog } from '../src/catalog';
import { loadConfig } from '../src/shared/config';

async function main(): Promise<void> {
  const database = await openDatabase(loadConfig());
  try {
    await seedDemoCatalog(database.handle.db);
    console.log(`demo catalog in ${database.description}`);
  } finally {
    await database.close();
  }
}

main().catch((err: unknown) => {
  console.error(`seed:demo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
