import { readdirSync } from 'node:fs';
import path from 'node:path';
import { printTable, type Bench, type BenchRow } from './harness';

/** `npm run bench [-- name...]`: runs every bench/*.bench.ts (or those named) and prints one table. */
async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const rows: BenchRow[] = [];
  for (const file of files) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found by file name at run time
    const bench = (require(path.join(__dirname, file)) as { default: Bench }).default;
    if (only.length > 0 && !only.includes(bench.name)) continue;
    console.log(`running ${bench.name}...`);
    const result = await bench.run();
    for (const r of result) console.log(printTable([r]).split('\n')[2]);
    rows.push(...result);
  }
  console.log(`\n${printTable(rows)}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
