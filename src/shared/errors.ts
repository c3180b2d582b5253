/** One error class for everything the service answers on purpose; the central handler in
 * `shared/http/problem.ts` turns it into application/problem+json (RFC 9457). Anything else that
 * is thrown is a programmer error: answered 500 with no detail. */
export interface FieldError {
  path: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  /** Extra members for the problem body (never personal or card data). */
  extra?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown> | undefined;

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    options: AppErrorOptions = {},
  ) {
    super(options.detail ?? title);
    this.name = 'AppError';
    this.detail = options.detail;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
    this.extra = options.extra;
  }
}

export const badRequest = (code: string, detail: string, errors?: FieldError[]) => new AppError(400, code, 'Bad request', { detail, errors });

export const unauthorized = (detail = 'A valid bearer token is required.') =>
  new AppError(401, 'unauthorized', 'Unauthorized', { detail, headers: { 'WWW-Authenticate': 'Bearer' } });

export const forbidden = (detail = 'This token lacks the role this action needs.') => new AppError(403, 'forbidden', 'Forbidden', { detail });

export const notFound = (detail = 'No such resource.') => new AppError(404, 'not_found', 'Not found', { detail });

export const conflict = (code: string, detail: string) => new AppError(409, code, 'Conflict', { detail });

export const unprocessable = (code: string, detail: string, errors?: FieldError[]) => new AppError(422, code, 'Unprocessable content', { detail, errors });

export const unavailable = (code: string, detail: string, retryAfterSeconds: number) =>
  new AppError(503, code, 'Service unavailable', {
    detail,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });

/** The database refused, lost or ended the connection: a failover or restart, usually over in seconds. */
export const databaseUnavailable = () =>
  unavailable('database_unavailable', 'The database cannot be reached right now. Retry shortly, with the same Idempotency-Key where the request has one.', 5);

/** The database is there but did not serve this request in time (no free connection, a statement
 * or lock timeout, a conflict): the same request will most likely pass in a moment. */
export const databaseBusy = () => unavailable('database_busy', 'The database is too busy to serve this request right now; retry shortly.', 2);
