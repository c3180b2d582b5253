import { sql, type Expression, type RawBuilder } from 'kysely';

/** `value` with every case-insensitive match of the regular expression `pattern` replaced by
 * `replacement` (PostgreSQL's `regexp_replace` with the `gi` flags). */
export function replaceMatches(value: Expression<string | null>, pattern: string, replacement: string): RawBuilder<string> {
  return sql<string>`regexp_replace(${value}, ${pattern}, ${replacement}, 'gi')`;
}
