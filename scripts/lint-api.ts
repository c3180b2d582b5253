/**
 * npm run lint:api
 * Writes the API document the app serves to a temporary file and lints it with Redocly CLI under
 * redocly.yaml (the recommended rules); exits with the linter's status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApiDocument } from './openapi-document';

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'handoff-lint-api-'));
  try {
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, `${JSON.stringify(await buildApiDocument(), null, 2)}\n`);
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const config = path.join(__dirname, '..', 'redocly.yaml');
    // The linter asks nothing of the network: no usage report, no check for a newer version.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const run = spawnSync(process.execPath, [cli, 'lint', file, '--config', config], { stdio: 'inherit', env });
    return run.status ?? 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (status) => process.exit(status),
  (err: unknown) => {
    console.error(`lint:api: ${(err as Error).message}`);
    process.exit(1);
  },
);
