import { AppError } from '../../../src/shared/errors';
import { decodeCursor, encodeCursor, fetchPage } from '../../../src/shared/http/paging';

const digits = (s: string) => /^\d+$/.test(s);
const any = () => true;

function refusal(run: () => unknown): AppError {
  try {
    run();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('the cursor was accepted');
}

describe('cursors', () => {
  it('give back the sort key they were made from', () => {
    const cursor = encodeCursor(['1767225655433123', 'ada@example.org']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, [digits, any])).toEqual(['1767225655433123', 'ada@example.org']);
  });

  it.each([
    ['not base64url JSON', 'bm90LWEtY3Vyc29y'],
    ['a plain value from before cursors were encoded', 'ada@example.org'],
    ['a key of another length', encodeCursor(['1', '2', '3'])],
    ['a part its check refuses', encodeCursor(['12a', 'x'])],
    ['a part that is no string', Buffer.from(JSON.stringify([1, 'x'])).toString('base64url')],
    ['an object', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
  ])('are refused with 400 naming cursor when %s', (_what, raw) => {
    const err = refusal(() => decodeCursor(raw, [digits, any]));
    expect(err).toMatchObject({ status: 400, code: 'invalid_cursor', errors: [{ path: 'cursor', message: expect.any(String) }] });
  });
});

describe('a page fetched one row long', () => {
  const rows = [1, 2, 3, 4, 5];
  const source = (from: number) => async (limit: number) => rows.filter((r) => r > from).slice(0, limit);

  it('holds at most the limit and a cursor to the next row when more follow', async () => {
    const page = await fetchPage(2, source(0), (last) => [String(last)]);
    expect(page.rows).toEqual([1, 2]);
    expect(decodeCursor(page.next_cursor!, [digits])).toEqual(['2']);
  });

  it('carries no cursor on the last page, even when it is exactly full', async () => {
    expect(await fetchPage(2, source(3), (last) => [String(last)])).toEqual({ rows: [4, 5], next_cursor: null });
    expect(await fetchPage(5, source(5), (last) => [String(last)])).toEqual({ rows: [], next_cursor: null });
  });

  it('asks its source for one row more than the page holds', async () => {
    const asked: number[] = [];
    await fetchPage(
      3,
      async (limit) => {
        asked.push(limit);
        return [];
      },
      () => [],
    );
    expect(asked).toEqual([4]);
  });
});
