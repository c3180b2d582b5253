/** Errors answered the way Stripe answers them: `{error: {type, code, message, param, doc_url}}`,
 * so the official SDK raises the same error classes (StripeInvalidRequestError, ...). */
export type StripeErrorType = 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
}

export class StripeError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
    this.name = 'StripeError';
  }

  toJSON(): { error: StripeErrorBody & { doc_url?: string } } {
    const docUrl = this.body.code ? `https://stripe.com/docs/error-codes/${this.body.code.replace(/_/g, '-')}` : undefined;
    return { error: { ...this.body, ...(docUrl ? { doc_url: docUrl } : {}) } };
  }
}

export const invalidRequest = (message: string, param?: string, code?: string): StripeError =>
  new StripeError(400, { type: 'invalid_request_error', message, ...(code ? { code } : {}), ...(param ? { param } : {}) });

export const missingParam = (param: string): StripeError => invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');

export const unknownParam = (param: string): StripeError => invalidRequest(`Received unknown parameter: ${param}`, param, 'parameter_unknown');

/** Two parameters sent together where Stripe takes one or the other; `param` is the one it names. */
export const exclusiveParams = (first: string, second: string, param = second): StripeError =>
  invalidRequest(`You may only specify one of these parameters: ${first}, ${second}.`, param);

export const resourceMissing = (kind: string, id: string, param: string): StripeError =>
  new StripeError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

export const unexpectedState = (message: string, param?: string): StripeError => invalidRequest(message, param, 'resource_invalid_state');

export const unrecognizedUrl = (method: string, path: string): StripeError =>
  new StripeError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });

export const idempotencyMismatch = (key: string): StripeError =>
  new StripeError(400, {
    type: 'idempotency_error',
    message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  });

function maskKey(key: string): string {
  return key.length <= 12 ? '*'.repeat(key.length) : `${key.slice(0, 8)}${'*'.repeat(key.length - 12)}${key.slice(-4)}`;
}

export function authenticationError(providedKey: string | undefined): StripeError {
  const message = providedKey
    ? `Invalid API Key provided: ${maskKey(providedKey)}`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
  return new StripeError(401, { type: 'invalid_request_error', message }, { 'WWW-Authenticate': 'Basic realm="Stripe"' });
}
