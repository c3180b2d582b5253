import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger';

type RequestIds = (req: IncomingMessage, res: ServerResponse) => string;

/** Paths only: query strings can carry tokens, and nothing a shopper typed belongs in access logs. */
const reqSummary = (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] });

/**
 * An access line per request (pino-http) when the level writes them (info and below). Above
 * info, pino-http would still build a child logger per request only to drop its line: measured
 * with `npm run bench:profile`, pino-http and its redaction were about 6 % of `GET /api/products`' self time. Then
 * each request gets its id and a `req.log` made only when something logs (an error), bound
 * to the same request summary as pino-http's.
 */
export function requestLogging(logger: Logger, genReqId: RequestIds): RequestHandler {
  if (logger.isLevelEnabled('info'))
    return pinoHttp({ logger, genReqId, serializers: { req: reqSummary, res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }) } });
  return (req, res, next) => {
    const id = genReqId(req, res);
    let child: Logger | undefined;
    Object.defineProperty(req, 'id', { value: id, configurable: true, writable: true });
    Object.defineProperty(req, 'log', { configurable: true, get: () => (child ??= logger.child({ req: reqSummary({ id, method: req.method, url: req.originalUrl }) })) });
    next();
  };
}
