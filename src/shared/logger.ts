import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import { CARD_MASK, findCardNumbers } from './card-numbers';

export type Logger = PinoLogger;

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was written. */
  destination?: DestinationStream;
}

/** Known places of secrets and personal data. Customers are never logged, whole: the order id
 * says enough to find them. Paths reach one level below the top (`*.email`); anything deeper that
 * looks like a card number is still caught by the line mask below. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  // body-parser attaches the raw request text to its errors.
  'err.body',
  'error.body',
  ...[
    'customer', 'email', 'phone', 'customer_name', 'customer_email', 'customer_phone',
    'password', 'secret', 'token', 'order_token', 'authorization', 'cookie',
    'card_number', 'cardNumber', 'pan', 'cvc', 'cvv', 'exp_month', 'exp_year',
  ].flatMap((key) => [key, `*.${key}`]),
];

/** Masks every card number in a serialized line, keeping it valid JSON: inside a string the mask
 * replaces the digits; a bare JSON number becomes the mask as a string. */
function maskLogLine(line: string): string {
  const spans = findCardNumbers(line);
  if (spans.length === 0) return line;
  let out = '';
  let cursor = 0;
  let scanned = 0;
  let inString = false;
  for (const { start, end } of spans) {
    for (; scanned < start; scanned++) {
      if (inString && line[scanned] === '\\') scanned++;
      else if (line[scanned] === '"') inString = !inString;
    }
    let from = start;
    let to = end;
    if (!inString) {
      while (from > cursor && /[-+.0-9eE]/.test(line[from - 1]!)) from--;
      while (to < line.length && /[-+.0-9eE]/.test(line[to]!)) to++;
    }
    out += line.slice(cursor, from) + (inString ? CARD_MASK : JSON.stringify(CARD_MASK));
    cursor = to;
  }
  return out + line.slice(cursor);
}

/** The one way the app logs. Card numbers never reach a line: fields are redacted by name first,
 * and `maskLogLine` runs on every line as written, whatever was logged and however. */
export function createLogger({ level, destination }: LoggerOptions): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: maskLogLine },
  };
  return destination ? pino(options, destination) : pino(options);
}
