import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(__dirname, '../..');

/** A tree laid out as src/ is, with nothing but imports (the check reads nothing else). Every allowed
 * kind of import appears once; each rule is broken once, on a line marked with the rule's name, in
 * folders of its own so that one break does not cause another. */
const tree: Record<string, string[]> = {
  'src/shared/errors.ts': [],
  'src/shared/http/problem.ts': ["import '../errors';"],
  'src/shared/bad.ts': ["import '../zeta'; // shared-imports-no-feature"],
  'src/zeta/index.ts': [],

  'src/catalog/index.ts': ["export * from './catalog.repository';"],
  'src/catalog/catalog.repository.ts': ["import '../shared/errors';"],
  'src/catalog/catalog.table.ts': [],
  'src/catalog/catalog.service.ts': [],
  'src/catalog/uses-root.ts': ["import '../context'; // feature-imports-no-root"],
  'src/orders/index.ts': [],
  'src/orders/orders.service.ts': ["import '../catalog';", "import '../catalog/index';", "import '../shared/http/problem';"],
  'src/orders/reaches-in.ts': ["import '../catalog/catalog.repository'; // feature-through-index"],
  'src/orders/orders.table.ts': ["import type { Database } from '../database';"],

  'src/payments/index.ts': ["export * from './card';", "export * from './offline';"],
  'src/payments/payment-method.ts': [],
  'src/payments/ledger.ts': ["import './card/card.repository'; // parent-through-sub-feature-index"],
  'src/payments/card/index.ts': ["export * from './card.provider';"],
  'src/payments/card/card.repository.ts': [],
  'src/payments/card/card.provider.ts': ["import type { PaymentMethod } from '../payment-method';", "import '../offline';"],
  'src/payments/card/card-flag.ts': ["import '../offline/offline.provider'; // sub-feature-through-index"],
  'src/payments/offline/index.ts': ["export * from './offline.provider';"],
  'src/payments/offline/offline.provider.ts': ["import type { PaymentMethod } from '../payment-method';"],

  'src/staff-auth/index.ts': ["import '../orders'; // leaf-imports-no-feature"],
  'src/refunds/a.ts': ["import './b'; // no-circular"],
  'src/refunds/b.ts': ["import './a';"],
  'src/refunds/c.ts': ["import type { D } from './d'; // no-circular, types or not"],
  'src/refunds/d.ts': ["import type { C } from './c';"],
  'src/webhooks/index.ts': ["export * from './hook';"],
  'src/webhooks/hook.ts': [],
  'src/webhooks/to-finance.ts': ["import '../finance'; // no-folder-cycle, with no module cycle"],
  'src/finance/index.ts': ["export * from './export';"],
  'src/finance/export.ts': [],
  'src/finance/to-webhooks.ts': ["import '../webhooks';"],
  'src/ops/uses-test.ts': ["import '../../test/helper'; // src-imports-no-dev-code"],

  'src/database.ts': [
    "import type { OrderTable } from './orders/orders.table';",
    "import './catalog/catalog.table'; // database-imports-types-only",
    "import type { Product } from './catalog/catalog.service'; // database-imports-tables-only",
  ],
  'src/context.ts': ["import './staff-auth';"],
  'src/app.ts': ["import './orders';", "import './payments/card';", "import './catalog/catalog.repository'; // root-through-index"],
  'src/bootstrap.ts': ["import '../sandbox';"],
  'src/main.ts': ["import '../sandbox/clock'; // sandbox-only-from-bootstrap"],
  'sandbox/index.ts': ["import './clock';"],
  'sandbox/clock.ts': ["import '../src/shared/errors'; // sandbox-stands-alone"],
  'test/helper.ts': [],
};

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

async function cruise(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'handoff-boundaries-'));
  try {
    for (const [file, lines] of Object.entries(tree)) {
      await mkdir(dirname(join(dir, file)), { recursive: true });
      await writeFile(join(dir, file), lines.map((l) => `${l}\n`).join(''));
    }
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node20', moduleResolution: 'node16' }, include: ['src', 'sandbox', 'test'] }));
    const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
    const args = [bin, 'src', 'sandbox', 'test', '--config', join(root, '.dependency-cruiser.cjs'), '--output-type', 'json'];
    // depcruise exits with the number of errors it found; its report is on stdout either way.
    const { stdout } = await run(process.execPath, args, { cwd: dir, maxBuffer: 16 * 1024 * 1024 }).catch((e: { stdout: string }) => e);
    const { violations } = (JSON.parse(stdout) as { summary: { violations: Violation[] } }).summary;
    return violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe('the import boundaries checked by npm run lint', () => {
  it('report each broken rule (each cycle once) and none of the allowed imports', async () => {
    expect(await cruise()).toEqual(
      [
        'shared-imports-no-feature: src/shared/bad.ts -> src/zeta/index.ts',
        'feature-through-index: src/orders/reaches-in.ts -> src/catalog/catalog.repository.ts',
        'sub-feature-through-index: src/payments/card/card-flag.ts -> src/payments/offline/offline.provider.ts',
        'parent-through-sub-feature-index: src/payments/ledger.ts -> src/payments/card/card.repository.ts',
        'root-through-index: src/app.ts -> src/catalog/catalog.repository.ts',
        'database-imports-tables-only: src/database.ts -> src/catalog/catalog.service.ts',
        'database-imports-types-only: src/database.ts -> src/catalog/catalog.table.ts',
        'feature-imports-no-root: src/catalog/uses-root.ts -> src/context.ts',
        'leaf-imports-no-feature: src/staff-auth/index.ts -> src/orders/index.ts',
        'no-circular: src/refunds/a.ts -> src/refunds/b.ts',
        'no-circular: src/refunds/c.ts -> src/refunds/d.ts',
        'no-folder-cycle: src/finance -> src/webhooks',
        'no-folder-cycle: src/webhooks -> src/finance',
        'src-imports-no-dev-code: src/ops/uses-test.ts -> test/helper.ts',
        'sandbox-only-from-bootstrap: src/main.ts -> sandbox/clock.ts',
        'sandbox-stands-alone: sandbox/clock.ts -> src/shared/errors.ts',
      ].sort(),
    );
  });
});
