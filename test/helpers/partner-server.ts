import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';

export interface Referral {
  contentType: string | undefined;
  header: Record<string, unknown>;
  claims: Record<string, any>;
}

export interface PartnerServer {
  url: string;
  /** Each referral received and verified, in order (failed answers included). */
  received: Referral[];
  /** Bodies that did not verify against the JWKS. */
  rejected: string[];
  /** The status to answer each next request with (push to it); 200 once it is used up. */
  answers: number[];
  /** TCP connections accepted so far, requests or not: "not contacted" means this did not grow. */
  connections(): number;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

/**
 * A reseller partner's endpoint, as a partner would build it: it fetches our public keys from the
 * app's /.well-known/jwks.json and verifies each referral's signature before reading it.
 */
export async function startPartner(jwksUrl: string, path = '/referrals'): Promise<PartnerServer> {
  const state = { received: [] as Referral[], rejected: [] as string[], answers: [] as number[] };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      try {
        const jwks = (await (await fetch(jwksUrl)).json()) as JSONWebKeySet;
        const { payload, protectedHeader } = await compactVerify(body, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
        state.received.push({
          contentType: req.headers['content-type'],
          header: protectedHeader,
          claims: JSON.parse(new TextDecoder().decode(payload)),
        });
      } catch {
        state.rejected.push(body);
        res.writeHead(400).end();
        return;
      }
      res.writeHead(req.url === path ? (state.answers.shift() ?? 200) : 404).end('{}');
    })();
  });
  let connections = 0;
  server.on('connection', () => connections++);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`,
    ...state,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
