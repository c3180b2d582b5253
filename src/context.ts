import type pg from 'pg';
import type Stripe from 'stripe';
import type { Config } from './shared/config';
import type { HostResolver } from './shared/http/outbound-address';
import type { KeyRing } from './shared/keys';
import type { Logger } from './shared/logger';
import type { StaffVerifier } from './staff-auth';
import type { Db } from './database';

/** What the app is built from. `main.ts` makes one for the process, tests make one per file. */
export interface AppContext {
  config: Config;
  db: Db;
  pool: pg.Pool;
  logger: Logger;
  keys: KeyRing;
  stripe: Stripe;
  /** The whsec_ secret that signs processor webhooks (Stripe's or the sandbox's). */
  webhookSecret: string;
  /** Verifies staff bearer tokens (identity provider JWKS, or the dev key in DATA_DIR). */
  staff: StaffVerifier;
  /** How calls to URLs an admin entered resolve host names; default the system resolver (tests
   * bring their own, so a name can answer differently at registration and at delivery). */
  resolveHost?: HostResolver;
}
