/** Import boundaries of src/, checked by `npm run lint` (`depcruise`).
 *
 * - `src/<feature>/` is a capability; its `index.ts` is what others may use. Any folder with an
 *   `index.ts` is such a surface, so a sub-feature (`payments/card`, `payments/offline`) has its own:
 *   from outside it, and from its sibling, it is reached through that file only. A sub-feature may use
 *   its parent's own files (`payments/payment-method.ts`, the contract it implements), since the
 *   parent declares what its methods must do; the parent reaches a sub-feature through its index.ts.
 * - `src/shared/` is plumbing: it imports nothing else from the project, and anyone may import any of
 *   its files.
 * - Root files (`app.ts`, `main.ts`, `bootstrap.ts`, `context.ts`, `jobs.ts`/`worker.ts`) compose the
 *   features through their index files; no feature imports them. `src/database.ts` is the Kysely
 *   Database interface: it imports the features' `*.table.ts` row types, as types only, and features
 *   may import it.
 * - Leaves used by many (`staff-auth`, `card-data`, `jobs`, `idempotency`, `audit`) import no feature.
 * - No module cycles; no cycles between folders.
 */
const FEATURE_INTERNAL = ['^src/shared/', '/index\\.ts$'];

module.exports = {
  forbidden: [
    {
      name: 'shared-imports-no-feature',
      comment: 'src/shared/ is the bottom layer: it imports nothing in the project outside src/shared/.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^(src|db|test|sandbox|scripts|bench)/', pathNot: '^src/shared/' },
    },
    {
      name: 'feature-through-index',
      comment: "A feature uses another only through that feature's index.ts (or a sub-feature's index.ts).",
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/shared/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', ...FEATURE_INTERNAL] },
    },
    {
      name: 'sub-feature-through-index',
      comment: "A sub-feature uses its sibling (payments/card and payments/offline) only through the sibling's index.ts.",
      severity: 'error',
      from: { path: '^src/([^/]+)/([^/]+)/', pathNot: '^src/shared/' },
      to: { path: '^src/$1/[^/]+/', pathNot: ['^src/$1/$2/', '/index\\.ts$'] },
    },
    {
      name: 'parent-through-sub-feature-index',
      comment: "A feature's own files use its sub-features (payments -> payments/card) only through their index.ts.",
      severity: 'error',
      from: { path: '^src/([^/]+)/[^/]+$', pathNot: '^src/shared/' },
      to: { path: '^src/$1/[^/]+/', pathNot: '/index\\.ts$' },
    },
    {
      name: 'root-through-index',
      comment: 'Composition roots wire features through their index.ts.',
      severity: 'error',
      from: { path: '^src/[^/]+$', pathNot: '^src/database\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: FEATURE_INTERNAL },
    },
    {
      name: 'database-imports-tables-only',
      comment: 'src/database.ts names the tables: it imports *.table.ts row types (and shared types), nothing else.',
      severity: 'error',
      from: { path: '^src/database\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/shared/', '\\.table\\.ts$'] },
    },
    {
      name: 'database-imports-types-only',
      comment: 'src/database.ts imports the feature tables with `import type`, so it loads no feature at run time.',
      severity: 'error',
      from: { path: '^src/database\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/shared/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'feature-imports-no-root',
      comment: 'Root files compose features; a feature that imports one (app, context, jobs...) runs back up. database.ts is the exception.',
      severity: 'error',
      from: { path: '^src/[^/]+/', pathNot: '^src/shared/' },
      to: { path: '^src/[^/]+$', pathNot: '^src/database\\.ts$' },
    },
    {
      name: 'leaf-imports-no-feature',
      comment: 'Folders that many features use are leaves: they import only themselves, shared/ and database.ts.',
      severity: 'error',
      from: { path: '^src/(staff-auth|card-data|jobs|idempotency|audit|rate-limits)/' },
      to: { path: '^src/', pathNot: ['^src/$1/', '^src/shared/', '^src/database\\.ts$'] },
    },
    {
      name: 'no-folder-cycle',
      comment: 'Two folders of src/ that import each other, directly or round a loop.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { path: '^src/', circular: true },
    },
    {
      name: 'no-circular',
      comment: 'A module cycle. The only ones allowed pass through src/database.ts, whose imports are type-only.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: '^src/database\\.ts$' } },
    },
    {
      name: 'src-imports-no-dev-code',
      comment: 'Production code imports no test, bench or script code.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'sandbox-only-from-bootstrap',
      comment: 'Only bootstrap.ts may load the sandbox (lazily, outside production).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/bootstrap\\.ts$' },
      to: { path: '^sandbox/' },
    },
    {
      name: 'sandbox-stands-alone',
      comment: 'The sandbox is a stand-in for Stripe: it knows nothing of the service.',
      severity: 'error',
      from: { path: '^sandbox/' },
      to: { path: '^(src|db|test|scripts|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|coverage|\\.data)/' },
    // Type-only imports are seen (and marked), so that the rules above can tell them apart.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    skipAnalysisNotInRules: true,
    reporterOptions: { text: { highlightFocused: true } },
  },
};
