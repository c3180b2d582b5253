import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  level: string;
  /** Where lines go; stdout when absent. Tests pass a stream to read what was written. */
  destination?: DestinationStream;
  /** Runs on every serialized line before it is written: the card-number mask, given by main.ts
   * (and the test fixture) so that this plumbing holds no business rule of its own. */
  maskLine: (line: string) => string;
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
export function createLogger({ level, destination, maskLine }: LoggerOptions): Logger {
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: maskLine },
  };
  return destination ? pino(options, destination) : pino(options);
}
