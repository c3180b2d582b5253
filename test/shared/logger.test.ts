import { createLogger } from '../../src/shared/logger';

/** A logger writing into an array, and every line written so far, parsed. Lines are written as
 * serialized (no line mask): what is tested here is redaction alone. */
function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) }, maskLine: (line) => line });
  const written = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  return { logger, lines, written };
}

describe('the logger redacts known fields', () => {
  test('authorization, cookies and set-cookie headers', () => {
    const { logger, written } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer abc', cookie: 'prefill=xyz', accept: 'application/json' } }, res: { headers: { 'set-cookie': 'prefill=xyz' } } });
    const line = written()[0]!;
    expect(line.req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]', accept: 'application/json' });
    expect(line.res.headers['set-cookie']).toBe('[redacted]');
  });

  test('customers and contact details, whole', () => {
    const { logger, written } = capture();
    logger.info({ order: { id: 'o1', email: 'ann@example.com' }, customer: { name: 'Ann Lee', email: 'ann@example.com' } });
    const line = written()[0]!;
    expect(line.customer).toBe('[redacted]');
    expect(line.order).toEqual({ id: 'o1', email: '[redacted]' });
  });

  test('the raw request text that body-parser attaches to its errors', () => {
    const { logger, lines, written } = capture();
    const err = Object.assign(new SyntaxError('Unexpected token'), { body: '{"note": "4242-4242-4242-4242" x' });
    logger.error({ err }, 'bad body');
    expect(written()[0]!.err.body).toBe('[redacted]');
    expect(lines[0]).not.toContain('4242-4242');
  });
});

test('the level given is honoured', () => {
  const { logger, lines } = capture('warn');
  logger.info('not written');
  logger.warn('written');
  expect(lines).toHaveLength(1);
});
