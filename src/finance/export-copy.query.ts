import { escapeLiteral } from 'pg';
import type { CsvColumn } from './csv-sql';
import { COLUMNS, exportSql, type ExportKind } from './export.query';
import type { AnyExportFilters } from './export.schemas';

/**
 * The export as one `COPY (select ...) TO STDOUT WITH (FORMAT csv)`: PostgreSQL formats and
 * quotes every cell itself (a comma, quote, CR or LF quotes it, as `csv-sql.ts` did in SQL) and
 * hands the rows out as fast as it reads them. Each record starts with one extra cell, `1` when a
 * free-text cell of the row could hold a card number and empty otherwise, which `CsvRecords`
 * strips: only those rows are parsed in Node for the card-number check.
 *
 * COPY takes no bind parameters, so the filters' values are inlined as quoted literals (they are
 * validated by `exportQuery` first, and quoted whatever they hold).
 */
export function exportCopySql(kind: ExportKind, filters: AnyExportFilters): string {
  const { cellsQuery, params } = exportSql(kind, filters);
  const columns = COLUMNS[kind];
  const free = columns.filter((c) => c.quote);
  const flag = `case when concat_ws('x', ${free.map((c) => `c."${c.name}"`).join(', ')}) ~ ${MAY_HOLD_CARD} then 1 end`;
  const select = `select ${flag}, ${columns.map((c) => outerCell(c)).join(', ')} from (${cellsQuery} offset 0) c`;
  return `copy (${inlined(select, params)}) to stdout with (format csv)`;
}

/** COPY writes an empty string as `""` to tell it from NULL; the export has always written both
 * as an empty cell. */
const outerCell = (c: CsvColumn) => (c.quote ? `nullif(c."${c.name}", '')` : `c."${c.name}"`);

/**
 * Conservative: matches every cell that `maskCardNumbers` could change, and few others. Its fast
 * path (`mayHoldCardNumber`) needs a run worth 13 with no ASCII letter in it, a digit counting
 * one, a non-ASCII character two, and `%` or `\` (escapes) one each. So: any `%` or `\`; or 13
 * digits with no letter between; or a non-ASCII character with another digit or non-ASCII
 * character before or after it, no letter between (a run worth 13 has at least seven). One
 * regular expression over the free-text cells joined by a letter, which no run crosses: a
 * quarter of the cost of counting characters cell by cell. Accented names do not match ("Zoë":
 * letters on both sides).
 */
const MAY_HOLD_CARD = `'[%\\\\]|[0-9]([^A-Za-z]*[0-9]){12}|[^\\x01-\\x7f][^A-Za-z]*[^\\x01-\\x2f\\x3a-\\x7f]|[0-9][^A-Za-z]*[^\\x01-\\x7f]'`;

/** `$n` placeholders replaced by literals: text, or a text array (statuses). */
function inlined(sql: string, params: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => literal(params[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return escapeLiteral(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`an export filter of type ${typeof value} cannot be inlined`);
}
