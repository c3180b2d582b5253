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

/** Modules matching `path` in a feature folder (shared/ is not one). */
const inFeatures = (path) => ({ path, pathNot: '^src/shared/' });

/** A rule: imports from `from` to `to` are errors (`more`: a scope or the like). */
const forbid = (name, comment, from, to, more = {}) => ({ name, comment, severity: 'error', ...more, from, to });

module.exports = {
  forbidden: [
    forbid(
      'shared-imports-no-feature',
      'src/shared/ is the bottom layer: it imports nothing in the project outside src/shared/.',
      { path: '^src/shared/' },
      { path: '^(src|db|test|sandbox|scripts|bench)/', pathNot: '^src/shared/' },
    ),
    forbid('feature-through-index', "A feature uses another only through that feature's index.ts (or a sub-feature's index.ts).", inFeatures('^src/([^/]+)/'), {
      path: '^src/[^/]+/',
      pathNot: ['^src/$1/', ...FEATURE_INTERNAL],
    }),
    forbid(
      'sub-feature-through-index',
      "A sub-feature uses its sibling (payments/card and payments/offline) only through the sibling's index.ts.",
      inFeatures('^src/([^/]+)/([^/]+)/'),
      { path: '^src/$1/[^/]+/', pathNot: ['^src/$1/$2/', '/index\\.ts$'] },
    ),
    forbid(
      'parent-through-sub-feature-index',
      "A feature's own files use its sub-features (payments -> payments/card) only through their index.ts.",
      inFeatures('^src/([^/]+)/[^/]+$'),
      { path: '^src/$1/[^/]+/', pathNot: '/index\\.ts$' },
    ),
    forbid(
      'root-through-index',
      'Composition roots wire features through their index.ts.',
      { path: '^src/[^/]+$', pathNot: '^src/database\\.ts$' },
      { path: '^src/[^/]+/', pathNot: FEATURE_INTERNAL },
    ),
    forbid(
      'database-imports-tables-only',
      'src/database.ts names the tables: it imports *.table.ts row types (and shared types), nothing else.',
      { path: '^src/database\\.ts$' },
      { path: '^src/[^/]+/', pathNot: ['^src/shared/', '\\.table\\.ts$'] },
    ),
    forbid(
      'database-imports-types-only',
      'src/database.ts imports the feature tables with `import type`, so it loads no feature at run time.',
      { path: '^src/database\\.ts$' },
      { path: '^src/[^/]+/', pathNot: '^src/shared/', dependencyTypesNot: ['type-only'] },
    ),
    forbid(
      'feature-imports-no-root',
      'Root files compose features; a feature that imports one (app, context, jobs...) runs back up. database.ts is the exception.',
      inFeatures('^src/[^/]+/'),
      { path: '^src/[^/]+$', pathNot: '^src/database\\.ts$' },
    ),
    forbid(
      'leaf-imports-no-feature',
      'Folders that many features use are leaves: they import only themselves, shared/ and database.ts.',
      { path: '^src/(staff-auth|card-data|jobs|idempotency|audit|rate-limits)/' },
      { path: '^src/', pathNot: ['^src/$1/', '^src/shared/', '^src/database\\.ts$'] },
    ),
    forbid('no-folder-cycle', 'Two folders of src/ that import each other, directly or round a loop.', { path: '^src/' }, { path: '^src/', circular: true }, { scope: 'folder' }),
    forbid(
      'no-circular',
      'A module cycle. The only ones allowed pass through src/database.ts, whose imports are type-only.',
      {},
      { circular: true, viaOnly: { pathNot: '^src/database\\.ts$' } },
    ),
    forbid('src-imports-no-dev-code', 'Production code imports no test, bench or script code.', { path: '^src/' }, { path: '^(test|bench|scripts)/' }),
    forbid(
      'sandbox-only-from-bootstrap',
      'Only bootstrap.ts may load the sandbox (lazily, outside production).',
      { path: '^src/', pathNot: '^src/bootstrap\\.ts$' },
      { path: '^sandbox/' },
    ),
    forbid('sandbox-stands-alone', 'The sandbox is a stand-in for Stripe: it knows nothing of the service.', { path: '^sandbox/' }, { path: '^(src|db|test|scripts|bench)/' }),
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
