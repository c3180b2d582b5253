import { z } from 'zod';
import { badRequest } from '../errors';

/** A check for one part of a sort key read back from a cursor. */
export type KeyPart = (part: string) => boolean;

/**
 * A cursor is the last row's sort key, as the strings it is compared by, in base64url JSON: opaque
 * to clients, who only pass back what they were given, and short-lived (it names a row, not a page
 * number), so its form may change between releases.
 */
export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The sort key a cursor holds, one part per check; any other cursor is a 400 naming `cursor`. */
export function decodeCursor<const P extends readonly KeyPart[]>(raw: string, parts: P): { [K in keyof P]: string } {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const valid = Array.isArray(key) && key.length === parts.length && key.every((part, i) => typeof part === 'string' && parts[i]!(part));
  if (!valid) throw invalidCursor();
  return key as { [K in keyof P]: string };
}

const invalidCursor = () =>
  badRequest('invalid_cursor', 'The cursor is not one this API gave out; start again without it.', [{ path: 'cursor', message: 'Not a cursor from a previous page.' }]);

export interface Page<Row> {
  rows: Row[];
  next_cursor: string | null;
}

/** Keyset paging: `fetch` is asked for one row more than the page holds, which tells whether
 * another page follows, so the last page never carries a cursor to an empty one. */
export async function fetchPage<Row>(limit: number, fetch: (limit: number) => Promise<Row[]>, keyOf: (last: Row) => readonly string[]): Promise<Page<Row>> {
  const rows = await fetch(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next_cursor: rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null };
}

/** `?limit=&cursor=` for lists paged by an identity column, newest first: the cursor is the last
 * row's id, as the previous page's `next_cursor` gave it. */
export const idPageQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'Not a cursor from a previous page.')
      .optional(),
  })
  .strict();
