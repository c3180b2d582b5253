import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';
import type pretty from 'pino-pretty';

export type Logger = PinoLogger;

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was written. */
  destination?: DestinationStream;
  /** Runs on every serialized line before it is written: the card-number mask, given by main.ts
   * (and the test fixture) so that this plumbing holds no business rule of its own. */
  maskLine: (line: string) => string;
  /** Human-readable lines (pino-pretty) instead of JSON: main.ts asks for it when stdout is a
   * terminal outside production. The mask runs first, on the JSON line, either way. */
  pretty?: boolean;
}

/** Known places of secrets and personal data. Customers are never logged, whole: the order id
 * says enough to find them. Paths reach one level below the top (`*.email`); anything deeper that
 * looks like a card number is still caught by the line mask. */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'res.headers["set-cookie"]',
  // body-parser attaches the raw request text to its errors.
  'err.body',
  'error.body',
  ...[
    'customer',
    'email',
    'phone',
    'customer_name',
    'customer_email',
    'customer_phone',
    'password',
    'secret',
    'token',
    'order_token',
    'authorization',
    'cookie',
    'card_number',
    'cardNumber',
    'pan',
    'cvc',
    'cvv',
    'exp_month',
    'exp_year',
  ].flatMap((key) => [key, `*.${key}`]),
];

/** The one way the app logs. Card numbers never reach a line: fields are redacted by name first,
 * and `maskLine` runs on every line as written, whatever was logged and however. */
export function createLogger({ level, destination, maskLine, pretty = false }: LoggerOptions): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: maskLine },
  };
  if (pretty) return pino(options, prettyStream(destination));
  return destination ? pino(options, destination) : pino(options);
}

/** In-process (no worker thread), so lines come out in order with the rest of stdout. */
/** pino-pretty is loaded only when asked for: JSON logs (production, a pipe) never pay for it. */
function prettyStream(destination: DestinationStream | undefined): DestinationStream {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a terminal
  const build = require('pino-pretty') as typeof pretty;
  return build({ colorize: destination === undefined, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', sync: true, ...(destination ? { destination } : {}) });
}
