/** serialization_failure and deadlock_detected: PostgreSQL rolled the whole transaction back, so
 * running it again from the start is safe when it did nothing outside the database. */
export function isTransactionConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * What a database failure means for the caller, or undefined for a bug (a bad query, a constraint):
 * - `unavailable`: the connection was refused, lost or terminated; another try may reach a healthy
 *   server (failover, pooler restart).
 * - `busy`: the server is there but too loaded for this request right now: no pooled connection in
 *   time, a statement or lock timeout, a conflict not retried.
 */
export type DatabaseFault = 'unavailable' | 'busy';

const BUSY_CODES = new Set(['57014', '55P03', '53300', '53400', '40001', '40P01']);
/** The session is gone: admin_shutdown, crash_shutdown, cannot_connect_now, database_dropped,
 * idle_session_timeout, and our own idle_in_transaction_session_timeout. */
const GONE_CODES = new Set(['57P01', '57P02', '57P03', '57P04', '57P05', '25P03']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
/** node-postgres and pg-pool report a lost socket or a full pool by message alone, without a code. */
const LOST_MESSAGES = [/^Connection terminated/, /is not queryable$/, /^Cannot use a pool after calling end/];
const POOL_TIMEOUT = 'timeout exceeded when trying to connect';

export function databaseFault(err: unknown): DatabaseFault | undefined {
  const e = err as { code?: unknown; severity?: unknown; message?: unknown } | null;
  if (!e) return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  if (BUSY_CODES.has(code) || message === POOL_TIMEOUT) return 'busy';
  if (GONE_CODES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return 'unavailable';
  // A FATAL error ends the session: refused at connect (database not accepting connections,
  // authentication, a dropped database) or terminated by the server.
  if (e.severity === 'FATAL' || e.severity === 'PANIC') return 'unavailable';
  if (LOST_MESSAGES.some((m) => m.test(message))) return 'unavailable';
  return undefined;
}
