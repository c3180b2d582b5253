import { escapeLiteral } from 'pg';
import type { CsvColumn } from './csv-sql';
import { COLUMNS, exportSql, type ExportKind } from './export.query';
import type { ExportFilters } from './export.schemas';

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
export function exportCopySql(kind: ExportKind, filters: ExportFilters): string {
  const { cellsQuery, params } = exportSql(kind, filters);
  const columns = COLUMNS[kind];
  const free = columns.filter((c) => c.quote);
  const flag = `case when ${free.map((c) => mayHoldCard(`c."${c.name}"`)).join(' or ')} then 1 end`;
  const select = `select ${flag}, ${columns.map((c) => outerCell(c)).join(', ')} from (${cellsQuery} offset 0) c`;
  return `copy (${inlined(select, params)}) to stdout with (format csv)`;
}

/** COPY writes an empty string as `""` to tell it from NULL; the export has always written both
 * as an empty cell. */
const outerCell = (c: CsvColumn) => (c.quote ? `nullif(c."${c.name}", '')` : `c."${c.name}"`);

/**
 * Conservative: true for every cell that `maskCardNumbers` could change, and for few others. Its
 * fast path needs a run of 13 digits, counting each `%` or `\` (escapes) as one and each non-ASCII
 * UTF-16 unit as two; so the digits, `%` and `\` of the whole cell plus twice its bytes beyond
 * one per character (at least one for each non-ASCII character, three for each pair of units)
 * reach 13 whenever such a run exists.
 */
function mayHoldCard(cell: string): string {
  const digits = `length(${cell}) - length(translate(${cell}, '0123456789%\\', ''))`;
  return `(octet_length(${cell}) >= 7 and ${digits} + 2 * (octet_length(${cell}) - length(${cell})) >= 13)`;
}

/** `$n` placeholders replaced by literals: text, or a text array (statuses). */
function inlined(sql: string, params: unknown[]): string {
  return sql.replace(/\$(\d+)/g, (_m, n: string) => literal(params[Number(n) - 1]));
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return escapeLiteral(`{${value.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  if (typeof value === 'string') return escapeLiteral(value);
  throw new Error(`an export filter of type ${typeof value} cannot be inlined`);
}
