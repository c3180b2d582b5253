import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { OutboundTarget, ResolvedAddress } from './outbound-address';

export interface OutboundPost {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs to a target that resolveOutbound checked and answers the status. The connection goes only
 * to the addresses checked: the socket's `lookup` hands them back instead of asking DNS again, so
 * an answer that changes between the check and the connection (DNS rebinding) is never used. An
 * address literal is not looked up at all, and it was checked as written. No redirect is followed
 * (node:http never follows one), and no socket is reused (`agent: false`).
 */
export function postToTarget(target: OutboundTarget, post: OutboundPost): Promise<number> {
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      target.url,
      {
        method: 'POST',
        headers: { ...post.headers, 'Content-Length': String(Buffer.byteLength(post.body)) },
        lookup: pinnedLookup(target.addresses),
        agent: false,
        signal: AbortSignal.timeout(post.timeoutMs),
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(post.body);
  });
}

/** A `lookup` that answers with the checked addresses only (all of them when the socket tries
 * several, as Node's happy-eyeballs connect does). */
function pinnedLookup(addresses: ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const usable = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
    process.nextTick(() => {
      if (usable.length === 0) return callback(Object.assign(new Error(`no checked address for ${hostname}`), { code: 'ENOTFOUND' }), '', 4);
      if (options.all) return (callback as unknown as (err: null, all: ResolvedAddress[]) => void)(null, usable);
      callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
