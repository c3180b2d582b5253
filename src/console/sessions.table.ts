import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** A signed-in browser. `id_hash` is the SHA-256 of the cookie value; the value itself is never stored. */
export interface ConsoleSessionTable {
  id_hash: Buffer;
  sub: string;
  roles: string[];
  /** The synchronizer token every console form carries. */
  csrf_token: string;
  via: 'dev' | 'oidc';
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  /** The absolute end, fixed at sign-in; the idle end is `last_seen_at` plus the idle timeout. */
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** A sign-in started at the identity provider and not yet come back. */
export interface ConsoleSignInTable {
  id_hash: Buffer;
  state: string;
  nonce: string;
  code_verifier: string;
  expires_at: Timestamp;
}

export type ConsoleSessionRow = Selectable<ConsoleSessionTable>;
export type ConsoleSignInRow = Selectable<ConsoleSignInTable>;
