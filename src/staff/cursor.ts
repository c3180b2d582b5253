import { badRequest } from '../shared/errors';

/** A position in the newest-first queue: the last row's creation time in microseconds since the
 * epoch (exact; a JS Date would round to milliseconds and skip rows) and its id, the tie-breaker. */
export interface QueueCursor {
  createdUs: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of a small JSON document. */
export function encodeCursor(c: QueueCursor): string {
  return Buffer.from(JSON.stringify([c.createdUs, c.id])).toString('base64url');
}

export function decodeCursor(raw: string): QueueCursor {
  const refuse = () => badRequest('invalid_cursor', 'The cursor is not one this API gave out; start again without it.', [{ path: 'cursor', message: 'Not a cursor from a previous page.' }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw refuse();
  const [createdUs, id] = parsed as unknown[];
  if (typeof createdUs !== 'string' || !/^\d{1,18}$/.test(createdUs) || typeof id !== 'string' || !UUID.test(id)) throw refuse();
  return { createdUs, id };
}
