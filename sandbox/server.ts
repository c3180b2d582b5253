/** The HTTPS server: /v1/ is the API, /c/pay/ the hosted payment page, /_sandbox/ the test controls. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { type ApiCall, handleApiCall } from './api';
import { type ControlEnv, handleControl } from './controls';
import { authenticationError, invalidRequest, StripeError } from './errors';
import { handleHostedPage } from './hosted-page';
import type { TlsMaterial } from './tls';

const MAX_BODY_BYTES = 1024 * 1024;
/** A call made to time out is held open this long at most, then its socket is dropped. */
const HANG_MAX_MS = 120_000;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new StripeError(413, { type: 'invalid_request_error', message: 'Request body too large.' }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, headers).end(body);
}

const sendJson = (res: ServerResponse, status: number, body: unknown) => send(res, status, { 'Content-Type': 'application/json' }, JSON.stringify(body, null, 2));

function hang(res: ServerResponse): void {
  if (res.destroyed) return;
  const timer = setTimeout(() => res.destroy(), HANG_MAX_MS);
  res.on('close', () => clearTimeout(timer));
}

async function api(env: ControlEnv, req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
  const call: ApiCall = { method: req.method ?? 'GET', path: url.pathname, query: url.search.slice(1), headers: req.headers, body };
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  const reply = await handleApiCall(env, call, gone.signal);
  if ('hang' in reply) return hang(res);
  send(res, reply.status, reply.headers, reply.body);
}

async function control(env: ControlEnv, req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> {
  if (req.headers.authorization !== `Bearer ${env.secretKey}`) return sendJson(res, 401, authenticationError(undefined).toJSON());
  let json: unknown;
  try {
    json = body ? JSON.parse(body) : undefined;
  } catch {
    return sendJson(res, 400, invalidRequest('Control bodies are JSON.').toJSON());
  }
  const reply = await handleControl(env, req.method ?? 'GET', url.pathname, url.searchParams, json);
  if (!reply) return sendJson(res, 404, { error: { type: 'invalid_request_error', message: `No sandbox control ${req.method} ${url.pathname}; see sandbox/README.md.` } });
  sendJson(res, reply.status, reply.body);
}

async function route(env: ControlEnv, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://sandbox.invalid');
  const body = await readBody(req);
  if (url.pathname.startsWith('/v1/')) return api(env, req, res, url, body);
  if (url.pathname.startsWith('/_sandbox/')) return control(env, req, res, url, body);
  const page = handleHostedPage(env.ctx, req.method ?? 'GET', url.pathname);
  if (page) return send(res, page.status, page.headers, page.body);
  send(res, 404, { 'Content-Type': 'text/plain; charset=utf-8' }, 'Stripe-compatible sandbox: the API is under /v1/, test controls under /_sandbox/.\n');
}

export function createServer(env: ControlEnv, tls: TlsMaterial): https.Server {
  return https.createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
    route(env, req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof StripeError) return sendJson(res, err.status, err.toJSON());
      process.stderr.write(`[stripe sandbox] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      sendJson(res, 500, { error: { type: 'api_error', message: 'The sandbox failed to handle this request.' } });
    });
  });
}
