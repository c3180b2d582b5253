import { escapeLiteral } from 'pg';
import { exportSql, type ExportKind } from './export.query';
import type { AnyExportFilters } from './export.schemas';

/**
 * The export as one `COPY (select ...) TO STDOUT WITH (FORMAT binary)` of the stored values, as
 * cheap for PostgreSQL as a COPY of the table: it sends each value as it is kept (a bigint's eight
 * bytes, a timestamp's microseconds, a text's bytes) and formats nothing; `CsvRecords` turns the
 * tuples into CSV lines in Node, on the other core, while PostgreSQL reads on. Measured on a
 * million orders, the cells built in SQL (to_char, numeric, the formula guard, the card-number
 * flag, COPY's CSV quoting) took four times as long as the COPY of the rows (see the README).
 *
 * COPY takes no bind parameters, so the filters' values are inlined as quoted literals (they are
 * validated by `exportQuery` first, and quoted whatever they hold).
 */
export function exportCopySql(kind: ExportKind, filters: AnyExportFilters): string {
  const { valuesQuery, params } = exportSql(kind, filters);
  return `copy (${inlined(valuesQuery, params)}) to stdout with (format binary)`;
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
