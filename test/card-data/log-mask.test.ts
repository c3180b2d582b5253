import { CARD_MASK, containsCardNumber, maskLogLine } from '../../src/card-data';
import { createLogger } from '../../src/shared/logger';

/** A logger wired as main.ts wires it, writing into an array, and every line written so far, parsed. */
function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) }, maskLine: maskLogLine });
  const written = () => lines.map((line) => JSON.parse(line) as Record<string, any>);
  return { logger, lines, written };
}

describe('the logger masks card numbers in every line it writes', () => {
  test('a card number in the message is replaced and the line stays JSON', () => {
    const { logger, lines, written } = capture();
    logger.info('card 4242 4242 4242 4242 was declined');
    expect(written()[0]!.msg).toBe(`card ${CARD_MASK} was declined`);
    expect(lines[0]).not.toContain('4242 4242');
  });

  test('a card number deep in a logged object, as text or as a bare JSON number', () => {
    const { logger, lines, written } = capture();
    logger.info({ order: { lines: [{ note: 'pay with 5555-5555-5555-4444' }] }, n: 4242424242424242, m: -378282246310005 }, 'stored');
    const line = written()[0]!;
    expect(line.order.lines[0].note).toBe(`pay with ${CARD_MASK}`);
    expect(line.n).toBe(CARD_MASK);
    expect(line.m).toBe(CARD_MASK);
    expect(containsCardNumber(lines[0]!)).toBe(false);
  });

  test('a card number in an error message and its stack, however the error is logged', () => {
    const { logger, lines, written } = capture();
    const err = new Error('charge failed for 4111 1111 1111 1111');
    logger.error({ err }, 'payment failed');
    logger.error(err);
    for (const line of written()) {
      expect(line.err.message).toBe(`charge failed for ${CARD_MASK}`);
      expect(line.err.stack).toContain(`Error: charge failed for ${CARD_MASK}\n    at `);
    }
    expect(lines.join('')).not.toContain('1111 1111');
  });

  test('a card number split over several lines of a message', () => {
    const { logger, lines } = capture();
    logger.warn('4242\n4242\n4242\n4242');
    expect(containsCardNumber(lines[0]!)).toBe(false);
    expect(JSON.parse(lines[0]!).msg).toBe(CARD_MASK);
  });

  test('a card number in a URL-encoded request path, as access logs write it', () => {
    const { logger, written } = capture();
    logger.info({ req: { method: 'GET', path: '/orders/4242%204242%204242%204242/page' } }, 'request completed');
    expect(written()[0]!.req.path).toBe(`/orders/${CARD_MASK}/page`);
  });

  test('look-alikes are written as they are, timestamps included', () => {
    const { logger, written } = capture();
    const text = 'order HO-2026-000123 (HO-7K3F9Q) for +49 30 1234567, IBAN DE89 3704 0044 0532 0130 00';
    logger.info({ at: 1767225655433 }, text);
    const line = written()[0]!;
    expect(line.msg).toBe(text);
    expect(line.at).toBe(1767225655433);
    expect(typeof line.time).toBe('number');
  });
});
