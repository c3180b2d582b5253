/** The sandbox's API key and webhook secret, kept per data dir so a developer's `.env` keeps working
 * across restarts. They guard nothing real: the sandbox moves no money. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from './files';
import { randomToken } from './ids';

export interface SandboxSecrets {
  secretKey: string;
  webhookSecret: string;
}

function readStored(file: string): Partial<SandboxSecrets> {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<SandboxSecrets>;
  } catch {
    return {};
  }
}

export function loadSecrets(dataDir: string, given: Partial<SandboxSecrets>): SandboxSecrets {
  const dir = join(dataDir, 'sandbox');
  const file = join(dir, 'keys.json');
  const stored = existsSync(file) ? readStored(file) : {};
  const secrets = {
    secretKey: stored.secretKey ?? `sk_test_sandbox${randomToken(48)}`,
    webhookSecret: stored.webhookSecret ?? `whsec_${randomToken(32)}`,
  };
  if (!stored.secretKey || !stored.webhookSecret) {
    mkdirSync(dir, { recursive: true });
    writeAtomically(file, JSON.stringify(secrets, null, 2), 0o600);
  }
  return { secretKey: given.secretKey ?? secrets.secretKey, webhookSecret: given.webhookSecret ?? secrets.webhookSecret };
}
