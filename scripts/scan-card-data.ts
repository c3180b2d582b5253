import { loadConfig } from '../src/shared/config';
import type { Database } from '../src/database';
import { connectConfiguredDatabase } from '../src/shared/db';
import { scanDatabaseForCardNumbers } from '../src/card-data';

/**
 * `npm run scan-card-data`: reads every text, varchar, char and JSON column of every table of the
 * database (DATABASE_URL, else the embedded one in DATA_DIR: stop the service first, PGlite has one
 * user) and prints each card number found: table, column, row key, masked. Exit 1 on any hit.
 * It only reads: no migration is applied, nothing is written.
 */
async function main(): Promise<number> {
  const database = await connectConfiguredDatabase<Database>(loadConfig(), 'handoff-scan-card-data');
  try {
    console.log(`scanning ${database.description}`);
    const report = await scanDatabaseForCardNumbers(database.handle.db, {
      onHit: (hit) => console.log(`CARD NUMBER  ${hit.table}.${hit.column}  ${hit.rowKey}  (${hit.count})  ${hit.excerpt}`),
    });
    const summary = `${report.tables} tables, ${report.columns} text and JSON columns, ${report.rows} rows read`;
    if (report.hits.length === 0) {
      console.log(`no card numbers found (${summary})`);
      return 0;
    }
    console.log(`${report.hits.length} value(s) holding card numbers found (${summary})`);
    return 1;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`scan-card-data failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(2);
  },
);
