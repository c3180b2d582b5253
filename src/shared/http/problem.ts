import type { ErrorRequestHandler, RequestHandler } from 'express';
import type {} from 'pino-http';
import { databaseFault } from '../db/errors';
import { AppError, databaseBusy, databaseUnavailable, type FieldError } from '../errors';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** The title is the error's own: every AppError is built with one, so there is no second table to keep in step. */
export function problemBody({ status, code, title, detail, errors, extra }: AppError): Problem {
  return {
    type: `https://handoff.example/problems/${code.replace(/_/g, '-')}`,
    title,
    status,
    detail: detail ?? title,
    code,
    ...(errors ? { errors } : {}),
    ...extra,
  };
}

/** body-parser's own errors (malformed JSON, oversized body, bad charset): plain errors with a
 * string `type` and a numeric `status`. They carry the raw request text in `body`, which a shopper
 * may have typed a card number into: the app scrubs them before this handler sees them. */
export function isBodyParserError(err: unknown): err is { type: string; status: number } {
  if (err instanceof AppError || typeof err !== 'object' || err === null) return false;
  const { type, status } = err as { type?: unknown; status?: unknown };
  return typeof type === 'string' && typeof status === 'number';
}

/** body-parser's errors become AppErrors here, with our own words: nothing of the request is echoed. */
function fromParserError(err: unknown): AppError | undefined {
  if (!isBodyParserError(err)) return undefined;
  switch (err.type) {
    case 'entity.parse.failed':
      return new AppError(400, 'malformed_json', TITLES[400]!, { detail: 'The request body is not valid JSON.' });
    case 'entity.too.large':
      return new AppError(413, 'body_too_large', TITLES[413]!, { detail: 'The request body is too large.' });
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new AppError(415, 'unsupported_encoding', TITLES[415]!, { detail: 'Send UTF-8 JSON.' });
    default:
      return err.status < 500 ? new AppError(err.status, 'bad_request', TITLES[err.status] ?? 'Bad request', { detail: 'The request body could not be read.' }) : undefined;
  }
}

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError(404, 'route_not_found', TITLES[404]!, { detail: `No route for ${req.method} ${req.baseUrl}${req.path}.` });
};

/** A database outage or overload is operational too: 503 with Retry-After, never a 500. */
function fromDatabaseError(err: unknown): AppError | undefined {
  const fault = databaseFault(err);
  if (fault === undefined) return undefined;
  return fault === 'busy' ? databaseBusy() : databaseUnavailable();
}

/** The one place errors become answers. AppErrors are operational and answered as they say;
 * anything else is a programmer error: logged, answered 500 with no internals. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const known = err instanceof AppError ? err : (fromParserError(err) ?? fromDatabaseError(err));
  if (!known) {
    req.log?.error({ err }, 'unhandled error');
  } else if (!(err instanceof AppError) && known.status === 503) {
    // What the database said, for the operator: its code and message, not the query.
    const { code, message } = err as { code?: unknown; message?: unknown };
    req.log?.warn({ db: { code, message } }, known.code);
  }
  const appErr = known ?? new AppError(500, 'internal_error', TITLES[500]!, { detail: 'Something went wrong on our side.' });
  res.locals.problemCode = appErr.code;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const [name, value] of Object.entries(appErr.headers)) res.setHeader(name, value);
  res
    .status(appErr.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(appErr)));
};

/** A documented path asked with another method is 405 with an Allow header, not 404. */
export function methodNotAllowed(methodsFor: (path: string) => string[]): RequestHandler {
  return (req, _res, next) => {
    const allowed = methodsFor(req.path);
    if (allowed.length === 0) return next();
    throw new AppError(405, 'method_not_allowed', TITLES[405]!, {
      detail: `${req.method} is not allowed here; use ${allowed.join(', ')}.`,
      headers: { Allow: allowed.join(', ') },
    });
  };
}
