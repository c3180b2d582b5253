import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { AppError, badRequest, unprocessable } from '../shared/errors';
import { attachResource, claimKey, completeKey, deleteKey, releaseKey, takeOverExpiredKey, type IdempotencyRow } from './idempotency.repository';
import { LEASE_MS, LeaseKeeper } from './lease';
import type { Db, Tx } from '../database';

/** Keys are kept at least this long (a purge job deletes older ones). */
export const IDEMPOTENCY_RETENTION_HOURS = 48;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;

export function readIdempotencyKey(req: Request): string {
  const key = req.get('Idempotency-Key');
  if (key === undefined) {
    throw badRequest('idempotency_key_missing', 'Send an Idempotency-Key header (1–255 visible characters) so a retry cannot order twice.', [
      { path: 'header.Idempotency-Key', message: 'Required.' },
    ]);
  }
  if (!KEY_FORMAT.test(key)) {
    throw badRequest('idempotency_key_malformed', 'The Idempotency-Key must be 1–255 visible ASCII characters.', [{ path: 'header.Idempotency-Key', message: 'Malformed.' }]);
  }
  return key;
}

/** The fingerprint of what was asked: the parsed body with keys sorted, so formatting differences
 * do not count as "another body". */
export function requestHash(body: unknown): string {
  return createHash('sha256').update(stableStringify(body)).digest('hex');
}

function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export type Claim = { kind: 'replay'; status: number; body: unknown; resourceId: string | null } | { kind: 'run'; resourceId: string | null };

export class IdempotentRequest {
  private readonly key: Buffer;
  private lease: LeaseKeeper | undefined;

  /** `key` is the client's Idempotency-Key as sent; only its SHA-256 is stored and looked up. */
  constructor(
    private readonly db: Db,
    readonly scope: string,
    key: string,
    private readonly hash: string,
  ) {
    this.key = createHash('sha256').update(key, 'utf8').digest();
  }

  /** Decides what this request does: run (fresh or resuming an unfinished one), replay, or refuse.
   * Given a transaction, the claim commits with the resource it creates: a second request with the
   * key waits on the first one's insert, then finds it. A request that runs holds a short lease on
   * the key, renewed until it completes or fails. */
  async claim(db: Db | Tx = this.db): Promise<Claim> {
    const { claimed, row } = await claimKey(db, this.scope, this.key, this.hash, LEASE_MS);
    if (claimed) return this.run(row);
    return this.decide(db, row);
  }

  private async decide(db: Db | Tx, row: IdempotencyRow): Promise<Claim> {
    if (row.request_hash !== this.hash) {
      throw unprocessable('idempotency_key_reused', 'This Idempotency-Key was used with a different request body.', [
        { path: 'header.Idempotency-Key', message: 'Already used for another request.' },
      ]);
    }
    if (row.state === 'done') return { kind: 'replay', status: row.response_status ?? 200, body: row.response_body, resourceId: row.resource_id };
    const takenOver = await takeOverExpiredKey(db, this.scope, this.key, LEASE_MS);
    if (!takenOver) throw inUse(row);
    return this.run(takenOver);
  }

  private run(row: IdempotencyRow): Claim {
    // A claim retried in a new transaction (a deadlock retry) replaces the lease it made before.
    this.lease?.stop();
    this.lease = new LeaseKeeper(this.db, this.scope, this.key, row.locked_until!);
    return { kind: 'run', resourceId: row.resource_id };
  }

  /** Called inside the transaction that creates the resource, so key and resource commit together. */
  attach(tx: Tx, resourceId: string): Promise<void> {
    return attachResource(tx, this.scope, this.key, resourceId);
  }

  complete(status: number, body: unknown, db: Db | Tx = this.db): Promise<void> {
    this.lease?.stop();
    return completeKey(db, this.scope, this.key, status, body);
  }

  /** After a failure: a 4xx with nothing written frees the key for a corrected retry of the same
   * body; anything else leaves the key to be taken over by the retry, which resumes the resource. */
  async fail(err: unknown, resourceWritten: boolean): Promise<void> {
    this.lease?.stop();
    if (!resourceWritten && err instanceof AppError && err.status < 500) await deleteKey(this.db, this.scope, this.key);
    else await releaseKey(this.db, this.scope, this.key);
  }
}

/** 409 until the running request finishes, or until its lease ends if its process died. */
function inUse(row: IdempotencyRow): AppError {
  const leftMs = row.locked_until ? row.locked_until.getTime() - Date.now() : 0;
  const seconds = Math.min(Math.ceil(LEASE_MS / 1000), Math.max(1, Math.ceil(leftMs / 1000)));
  return new AppError(409, 'idempotency_key_in_use', 'Conflict', {
    detail: 'A request with this Idempotency-Key is still running; retry shortly.',
    headers: { 'Retry-After': String(seconds) },
  });
}
