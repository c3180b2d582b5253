import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Reuses a well-formed X-Request-Id from a proxy, else makes one; echoed on every answer. An id
 * that `refuse` rejects (app.ts passes the card-number detector) is replaced, never echoed. */
export function requestIds(refuse: (id: string) => boolean): (req: IncomingMessage, res: ServerResponse) => string {
  return (req, res) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && SAFE_ID.test(incoming) && !refuse(incoming) ? incoming : randomUUID();
    res.setHeader('X-Request-Id', id);
    return id;
  };
}
