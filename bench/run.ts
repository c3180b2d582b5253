import { readdirSync } from 'node:fs';
import path from 'node:path';
import { printTable, type Bench, type BenchRow } from './harness';

/**
 * `npm run bench [-- name...]`: runs every bench/*.bench.ts (or those named) and prints one table.
 * A benchmark that fails does not stop the others, but the run exits non-zero naming it, and so
 * does a name that matches no benchmark: a table with a figure missing is not a passing run.
 */
async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const benches = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found by file name at run time
    .map((file) => (require(path.join(__dirname, file)) as { default: Bench }).default);
  const unknown = only.filter((name) => !benches.some((b) => b.name === name));
  const rows: BenchRow[] = [];
  const failed: string[] = unknown.map((name) => `${name}: no such benchmark (${benches.map((b) => b.name).join(', ')})`);
  for (const bench of benches) {
    if (only.length > 0 && !only.includes(bench.name)) continue;
    console.log(`running ${bench.name}...`);
    try {
      const result = await bench.run();
      for (const r of result) console.log(printTable([r]).split('\n')[2]);
      rows.push(...result);
    } catch (err) {
      console.error(`${bench.name} FAILED:`, err);
      failed.push(`${bench.name}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (rows.length > 0) console.log(`\n${printTable(rows)}`);
  for (const f of failed) console.error(`FAILED ${f}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
