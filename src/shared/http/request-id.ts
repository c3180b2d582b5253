import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { containsCardNumber } from '../card-numbers';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Reuses a well-formed X-Request-Id from a proxy, else makes one; echoed on every answer. An id
 * that reads as a card number is replaced, never echoed. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SAFE_ID.test(incoming) && !containsCardNumber(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}
