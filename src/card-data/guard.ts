import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { unprocessable, type FieldError } from '../shared/errors';
import { isBodyParserError } from '../shared/http/problem';
import { containsCardNumber, isCardNumber, maskCardNumbers } from './detect';
import { scanValue, type CardFinding } from './values';
import { countRefusedFields } from './card-data.metrics';

const MESSAGES: Record<CardFinding['reason'], string> = {
  card_number: 'This holds what looks like a card number; card numbers are never accepted here.',
  card_field: 'Card details are never accepted here.',
};

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Where card data sits in a request, named as `errors[].path` names it:
 * - a JSON body field by its own path, like every validation error (`customer.name`,
 *   `items.0.sku`), and `body` when the body itself is the card number;
 * - a query parameter as `query.<name>` (`query.q`);
 * - any segment of the URL path as `path`;
 * - the Idempotency-Key header as `headers.idempotency-key`, only when the whole key is a card
 *   number: a key is an opaque identifier the client chose, only its hash is stored, and a UUID
 *   or a hex key may hold any digits.
 * Other headers are not checked: browsers and proxies fill them, shoppers do not type them. */
function findCardData(req: Request): CardFinding[] {
  const findings = scanValue(req.body).map(({ path, reason }) => ({ path: path || 'body', reason }));
  findings.push(...scanValue(req.query, 'query'));
  const pathname = (req.originalUrl ?? req.url).split('?')[0] ?? '';
  if (pathname.split('/').some((segment) => containsCardNumber(decodeSegment(segment)))) {
    findings.push({ path: 'path', reason: 'card_number' });
  }
  if (isCardNumber(req.get('idempotency-key') ?? '')) {
    findings.push({ path: 'headers.idempotency-key', reason: 'card_number' });
  }
  return findings;
}

/** Refuses every request carrying card data, in its parsed JSON body (keys and values, at any
 * depth), query string, path or idempotency key, with 422 and the fields named, never echoed.
 * Mount it after the JSON parser; routes that take signed processor data with their own raw body
 * parser (the webhook) go before it. */
export function cardGuard(): RequestHandler {
  return (req, _res, next) => {
    const findings = findCardData(req);
    if (findings.length === 0) {
      next();
      return;
    }
    const errors: FieldError[] = findings.map(({ path, reason }) => ({ path, message: MESSAGES[reason] }));
    countRefusedFields(errors.map((e) => e.path));
    next(unprocessable('card_data_refused', "Card numbers are never accepted here: pay by card on the processor's page.", errors));
  };
}

/** body-parser's errors carry the raw request text in `body`, and V8's JSON.parse messages quote
 * the text near the fault (`Unexpected token 'x', "{"a": 424242"... is not valid JSON`), which may
 * hold part of a card number. Drops the text, the quote and any card number in message and stack. */
export function sanitizeParseError<T>(err: T): T {
  if (typeof err !== 'object' || err === null) return err;
  const fields = err as { body?: unknown; message?: unknown; stack?: unknown };
  delete fields.body;
  if (typeof fields.message === 'string') {
    const original = fields.message;
    const quote = original.endsWith(' is not valid JSON') ? original.indexOf(', "') : -1;
    const message = maskCardNumbers(quote === -1 ? original : `${original.slice(0, quote)} is not valid JSON`);
    fields.message = message;
    if (typeof fields.stack === 'string') fields.stack = maskCardNumbers(fields.stack.replace(original, message));
  }
  return err;
}

/** Mounted just before the central error handler, so every body-parser error of every route, those
 * mounted before the guard included, is scrubbed before anything answers or logs it. */
export const scrubParserErrors: ErrorRequestHandler = (err, _req, _res, next) => {
  next(isBodyParserError(err) ? sanitizeParseError(err) : err);
};
