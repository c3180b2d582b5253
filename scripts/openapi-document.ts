import type { Database } from '../src/database';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../src/app';
import { createStripeClient } from '../src/payments';
import { loadConfig } from '../src/shared/config';
import { connectDb } from '../src/shared/db';
import { ApiDocs } from '../src/shared/http/openapi';
import { loadKeyRing } from '../src/shared/keys';
import { createLogger } from '../src/shared/logger';
import { openStaffVerifier } from '../src/staff-auth';

/** The API document exactly as GET /openapi.json serves it, from the app's own routers, built
 * offline: no database, processor or listening server. Routers only describe themselves when
 * built, so the pool and the processor client are made but never used. */
export async function buildApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'handoff-openapi-'));
  const handle = connectDb<Database>('postgres://127.0.0.1:1/never-connected', { poolMax: 1 });
  const { db, pool } = handle;
  try {
    const config = loadConfig({ DATA_DIR: dataDir, JOBS_ENABLED: 'false' });
    const docs = new ApiDocs({ serverUrl: config.http.publicBaseUrl });
    createApp(
      {
        config,
        db,
        pool,
        logger: createLogger({ level: 'silent', maskLine: (line) => line }),
        keys: await loadKeyRing({ dataDir }),
        stripe: createStripeClient({ secretKey: 'sk_test_offline', apiUrl: new URL('https://127.0.0.1:1'), timeoutMs: 1000 }),
        webhookSecret: 'whsec_offline',
        staff: await openStaffVerifier(config),
      },
      docs,
    );
    return docs.document();
  } finally {
    await handle.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
