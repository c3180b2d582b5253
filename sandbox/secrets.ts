/** The sandbox's API key and webhook secret, kept per data dir so a developer's `.env` keeps working
 * across restarts. They guard nothing real: the sandbox moves no money. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomToken } from './ids';

export interface SandboxSecrets {
  secretKey: string;
  webhookSecret: string;
}

export function loadSecrets(dataDir: string, given: Partial<SandboxSecrets>): SandboxSecrets {
  const dir = join(dataDir, 'sandbox');
  const file = join(dir, 'keys.json');
  let stored: Partial<SandboxSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxSecrets>;
  const secrets = {
    secretKey: stored.secretKey ?? `sk_test_sandbox${randomToken(48)}`,
    webhookSecret: stored.webhookSecret ?? `whsec_${randomToken(32)}`,
  };
  if (!stored.secretKey || !stored.webhookSecret) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return { secretKey: given.secretKey ?? secrets.secretKey, webhookSecret: given.webhookSecret ?? secrets.webhookSecret };
}
